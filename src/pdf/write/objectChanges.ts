import type { UpdateObject } from "./incrementalUpdate.js";
import type { PdfRef, PdfValue } from "../read/rawObjects.js";
import { ref, serializeValue } from "./rawWriter.js";

/**
 * The objects an incremental update will write: new ones, numbered from the first free number,
 * and existing ones that were modified as read and must be rewritten whole (also when they used to
 * live in an object stream). Existing objects are serialized when the update is written, so every
 * change made to them until then is included.
 */
export class ObjectChanges {
  private nextNumber: number;
  private readonly raw = new Map<number, { ref: PdfRef; body: Uint8Array }>();
  private readonly rewritten = new Map<number, { ref: PdfRef; value: PdfValue }>();

  constructor(firstFreeNumber: number) {
    this.nextNumber = firstFreeNumber;
  }

  /** Reserves a fresh object number for an object whose body is supplied later. */
  allocate(): PdfRef {
    return ref(this.nextNumber++);
  }

  /** Adds a new object from its serialized body. */
  add(body: string | Uint8Array): PdfRef {
    const r = this.allocate();
    this.setRaw(r, typeof body === "string" ? Buffer.from(body, "latin1") : body);
    return r;
  }

  /** Supplies the exact bytes of an allocated object (e.g. one with placeholders to patch). */
  setRaw(r: PdfRef, body: Uint8Array): void {
    this.raw.set(r.num, { ref: r, body });
  }

  /** Marks an existing object, whose value (as read, then changed) is `value`, for rewriting. */
  rewrite(r: PdfRef, value: PdfValue): void {
    this.rewritten.set(r.num, { ref: r, value });
  }

  toUpdateObjects(): UpdateObject[] {
    const out: UpdateObject[] = [...this.raw.values()];
    for (const { ref: r, value } of this.rewritten.values()) out.push({ ref: r, body: Buffer.from(serializeValue(value), "latin1") });
    return out;
  }
}
