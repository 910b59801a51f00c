import { asName, textOf, type PdfDict, type PdfValue } from "../read/rawObjects.js";
import { skimDict } from "../read/dictSkim.js";
import { PdfSyntaxError, RawParser } from "../read/rawParser.js";
import type { RevisionObjects } from "../read/revisionObjects.js";
import { deref } from "./loadForSigning.js";

/** What the signer must know about the form fields a document already has. */
export interface ExistingFields {
  /** Partial names (/T) of the top-level fields, to pick a unique new name. */
  topLevelNames: Set<string>;
  /** Signature fields that carry a signature value (/V). */
  signedCount: number;
  /** /P of an existing DocMDP certification, if the document is certified. */
  docMdpPermission?: number;
}

const MAX_DEPTH = 32;

/** The only entries a field is read for. */
const FIELD_KEYS: readonly string[] = ["T", "FT", "V", "Kids"];

/**
 * Field `entry` with only FIELD_KEYS read: a field at a byte offset is stepped through rather than
 * parsed whole (a signature widget's /Rect, /AP, /P, /F are not built), else read as any object.
 * What is taken is what `deref` takes: an object header of two digit runs whose number is the
 * reference's (RevisionObjects compares no generation either), and a dictionary that is no
 * stream's (deref gives undefined for a stream).
 */
function fieldDict(objects: RevisionObjects, entry: PdfValue): PdfDict | undefined {
  if (entry.kind === "ref") {
    const e = objects.table.get(entry.num);
    if (e?.type === "offset" && e.offset < objects.bytes.length) {
      try {
        const p = new RawParser(objects.bytes, e.offset);
        if (p.digitsWord() === entry.num && p.digitsWord() !== undefined && p.keyword("obj")) {
          const { dict, end } = skimDict(objects.bytes, p.pos, FIELD_KEYS);
          return new RawParser(objects.bytes, end).keyword("stream") ? undefined : dict;
        }
      } catch (err) {
        if (!(err instanceof PdfSyntaxError)) throw err;
      }
    }
  }
  const v = deref(objects, entry);
  return v?.kind === "dict" ? v : undefined;
}

/**
 * Reads of each field only its name, type, whether it has a value, and its kids (a signature
 * field's /V is a reference, not followed) and, for a certified document, its certification
 * signature's transform parameters.
 */
export function scanExistingFields(objects: RevisionObjects, catalog: PdfDict): ExistingFields {
  const result: ExistingFields = { topLevelNames: new Set(), signedCount: 0 };
  const acroForm = deref(objects, catalog.entries.get("AcroForm"));
  const fields = acroForm?.kind === "dict" ? deref(objects, acroForm.entries.get("Fields")) : undefined;
  const seenRefs = new Set<number>();
  const seen = new Set<PdfValue>();
  const visit = (entry: PdfValue, inheritedFt: string | undefined, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (entry.kind === "ref") {
      if (seenRefs.has(entry.num)) return;
      seenRefs.add(entry.num);
    }
    const field = fieldDict(objects, entry);
    if (!field || seen.has(field)) return;
    seen.add(field);
    const t = textOf(deref(objects, field.entries.get("T")));
    if (depth === 0 && t !== undefined) result.topLevelNames.add(t);
    const type = asName(deref(objects, field.entries.get("FT"))) ?? inheritedFt;
    if (type === "Sig" && field.entries.has("V")) result.signedCount++;
    const kids = deref(objects, field.entries.get("Kids"));
    if (kids?.kind === "array") kids.items.forEach((k) => visit(k, type, depth + 1));
  };
  if (fields?.kind === "array") fields.items.forEach((f) => visit(f, undefined, 0));
  const perms = deref(objects, catalog.entries.get("Perms"));
  const docMdp = perms?.kind === "dict" ? deref(objects, perms.entries.get("DocMDP")) : undefined;
  if (docMdp?.kind === "dict") result.docMdpPermission = docMdpP(objects, docMdp);
  return result;
}

/** The /P of a certification signature's DocMDP transform parameters (default 2). */
function docMdpP(objects: RevisionObjects, sig: PdfDict): number {
  const refs = deref(objects, sig.entries.get("Reference"));
  if (refs?.kind === "array") {
    for (const item of refs.items) {
      const sigRef = deref(objects, item);
      if (sigRef?.kind !== "dict") continue;
      const params = deref(objects, sigRef.entries.get("TransformParams"));
      const p = params?.kind === "dict" ? deref(objects, params.entries.get("P")) : undefined;
      if (p?.kind === "number") return p.value;
    }
  }
  return 2;
}

/** "Signature1", "Signature2", ...: the first one not already taken. */
export function uniqueSignatureFieldName(existing: ExistingFields): string {
  for (let n = existing.signedCount + 1; ; n++) {
    const name = `Signature${n}`;
    if (!existing.topLevelNames.has(name)) return name;
  }
}
