import { PDFRef, type PDFContext, type PDFObject } from "pdf-lib";
import type { UpdateObject } from "./incrementalUpdate.js";

/**
 * The objects an incremental update will write: new ones, numbered from the trailer's /Size, and
 * existing ones that were modified in the parsed context and must be rewritten whole (also when
 * they used to live in an object stream).
 */
export class ObjectChanges {
  private nextNumber: number;
  private readonly touched = new Map<number, PDFRef>();
  private readonly raw = new Map<number, Uint8Array>();

  constructor(
    private readonly context: PDFContext,
    firstFreeNumber: number,
  ) {
    this.nextNumber = firstFreeNumber;
  }

  /** Reserves a fresh object number for an object whose body is supplied later. */
  allocate(): PDFRef {
    return PDFRef.of(this.nextNumber++, 0);
  }

  /** Adds a new object built with pdf-lib. */
  add(object: PDFObject): PDFRef {
    const ref = this.allocate();
    this.context.assign(ref, object);
    this.touched.set(ref.objectNumber, ref);
    return ref;
  }

  /** Supplies the exact bytes of an allocated object (e.g. one with placeholders to patch). */
  setRaw(ref: PDFRef, body: Uint8Array): void {
    this.raw.set(ref.objectNumber, body);
    this.touched.set(ref.objectNumber, ref);
  }

  /** Marks an existing object, already changed in the context, for rewriting. */
  touch(ref: PDFRef): void {
    this.touched.set(ref.objectNumber, ref);
  }

  toUpdateObjects(): UpdateObject[] {
    return [...this.touched.values()].map((ref) => {
      const raw = this.raw.get(ref.objectNumber);
      if (raw) return { ref, body: raw };
      const object = this.context.lookup(ref);
      if (!object) throw new Error(`object ${ref.toString()} vanished from the context`);
      const body = new Uint8Array(object.sizeInBytes());
      object.copyBytesInto(body, 0);
      return { ref, body };
    });
  }
}
