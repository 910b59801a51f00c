import { asInt, asName, dictGet, textOf, type PdfDict, type PdfRef, type PdfString, type PdfValue } from "./rawObjects.js";
import type { RevisionObjects } from "./revisionObjects.js";
import { listPages } from "./pageTree.js";

/** A signature dictionary (/V of a signature field) with what verification needs from it. */
export interface SignatureDictionary {
  /** Object number of the dictionary, or of the field holding it when /V is direct. */
  objNum: number;
  /** File offsets of that indirect object; -1 when it lives in an object stream. */
  objStart: number;
  objEnd: number;
  type: string | undefined;
  filter: string | undefined;
  subFilter: string | undefined;
  /** Raw /ByteRange numbers (may be anything a file says), or null when absent or not an array. */
  byteRange: number[] | null;
  /** The /Contents string with its offsets; null when missing or not a string. */
  contents: PdfString | null;
  signingTime: string | undefined;
  reason: string | undefined;
  location: string | undefined;
  name: string | undefined;
  contactInfo: string | undefined;
  /** DocMDP /P when this is a certification signature (from /Reference). */
  docMdpP: number | null;
  /** FieldMDP lock from /Reference (or the field's /Lock): which form fields this signature freezes. */
  fieldLock: FieldLock | null;
}

export interface FieldLock {
  action: "All" | "Include" | "Exclude";
  /** Fully qualified field names listed by /Fields. */
  fields: string[];
}

/** Whether a FieldMDP lock freezes the field with this fully qualified name. */
export function isLocked(lock: FieldLock, fieldName: string): boolean {
  if (lock.action === "All") return true;
  const listed = lock.fields.includes(fieldName);
  return lock.action === "Include" ? listed : !listed;
}

export interface SignatureField {
  fieldName: string;
  /** The field object (terminal field, possibly merged with its widget). */
  fieldRef: PdfRef | null;
  /** The /V entry: a reference to the signature dictionary, or null when /V is direct or missing. */
  valueRef: PdfRef | null;
  signature: SignatureDictionary | null;
}

function docMdpOf(objects: RevisionObjects, sig: PdfDict): number | null {
  const refs = objects.resolve(sig.entries.get("Reference"));
  if (refs?.kind !== "array") return null;
  for (const r of refs.items) {
    const d = objects.resolve(r);
    if (asName(dictGet(d, "TransformMethod")) !== "DocMDP") continue;
    const p = asInt(dictGet(objects.resolve(dictGet(d, "TransformParams")), "P"));
    return p === 1 || p === 3 ? p : 2;
  }
  return null;
}

function lockOf(objects: RevisionObjects, v: PdfValue | undefined): FieldLock | null {
  const d = objects.resolve(v);
  const action = asName(dictGet(d, "Action"));
  if (action !== "All" && action !== "Include" && action !== "Exclude") return null;
  const f = objects.resolve(dictGet(d, "Fields"));
  const fields = f?.kind === "array" ? f.items.flatMap((x) => textOf(objects.resolve(x)) ?? []) : [];
  return { action, fields };
}

function fieldMdpOf(objects: RevisionObjects, sig: PdfDict): FieldLock | null {
  const refs = objects.resolve(sig.entries.get("Reference"));
  if (refs?.kind !== "array") return null;
  for (const r of refs.items) {
    const d = objects.resolve(r);
    if (asName(dictGet(d, "TransformMethod")) === "FieldMDP") return lockOf(objects, dictGet(d, "TransformParams"));
  }
  return null;
}

function readSignatureDict(objects: RevisionObjects, v: PdfValue | undefined, field: PdfRef | null, fieldLock: PdfValue | undefined): SignatureDictionary | null {
  const holder = v?.kind === "ref" ? v.num : field?.num;
  if (holder === undefined) return null;
  const obj = objects.get(holder);
  const d = objects.resolve(v);
  if (!obj || d?.kind !== "dict") return null;
  const br = objects.resolve(d.entries.get("ByteRange"));
  const c = d.entries.get("Contents");
  return {
    objNum: holder,
    objStart: obj.start,
    objEnd: obj.end,
    type: asName(d.entries.get("Type")),
    filter: asName(d.entries.get("Filter")),
    subFilter: asName(d.entries.get("SubFilter")),
    byteRange: br?.kind === "array" ? br.items.map((x) => (x.kind === "number" ? x.value : Number.NaN)) : null,
    // /Contents must be direct: an indirect string would sit outside the ByteRange gap.
    contents: c?.kind === "string" ? c : null,
    signingTime: textOf(objects.resolve(d.entries.get("M"))),
    reason: textOf(objects.resolve(d.entries.get("Reason"))),
    location: textOf(objects.resolve(d.entries.get("Location"))),
    name: textOf(objects.resolve(d.entries.get("Name"))),
    contactInfo: textOf(objects.resolve(d.entries.get("ContactInfo"))),
    docMdpP: docMdpOf(objects, d),
    fieldLock: fieldMdpOf(objects, d) ?? lockOf(objects, fieldLock),
  };
}

/**
 * Signature fields of a revision: the AcroForm field tree (with inherited /FT and dotted names)
 * plus any /FT /Sig widget on a page that the form does not list.
 */
export function findSignatureFields(objects: RevisionObjects, root: PdfValue | undefined): SignatureField[] {
  const out: SignatureField[] = [];
  const seen = new Set<number>();
  const catalog = objects.resolve(root);
  const visit = (v: PdfValue, parentName: string, inheritedFt: string | undefined, depth: number): void => {
    if (depth > 32 || out.length > 10_000) return;
    if (v.kind === "ref") {
      if (seen.has(v.num)) return;
      seen.add(v.num);
    }
    const f = objects.resolve(v);
    if (f?.kind !== "dict") return;
    const t = textOf(objects.resolve(f.entries.get("T")));
    const name = t === undefined ? parentName : parentName ? `${parentName}.${t}` : t;
    const ft = asName(objects.resolve(f.entries.get("FT"))) ?? inheritedFt;
    const kids = objects.resolve(f.entries.get("Kids"));
    const fieldKids = kids?.kind === "array" ? kids.items.filter((k) => dictGet(objects.resolve(k), "T") !== undefined) : [];
    if (fieldKids.length > 0) {
      for (const k of fieldKids) visit(k, name, ft, depth + 1);
      return;
    }
    if (ft !== "Sig") return;
    const val = f.entries.get("V");
    const fieldRef = v.kind === "ref" ? v : null;
    out.push({
      fieldName: name || `(unnamed field ${fieldRef?.num ?? "?"})`,
      fieldRef,
      valueRef: val?.kind === "ref" ? val : null,
      signature: readSignatureDict(objects, val, fieldRef, f.entries.get("Lock")),
    });
  };
  const acro = objects.resolve(dictGet(catalog, "AcroForm"));
  const fields = objects.resolve(dictGet(acro, "Fields"));
  if (fields?.kind === "array") for (const f of fields.items) visit(f, "", undefined, 0);
  for (const page of listPages(objects, dictGet(catalog, "Pages"))) {
    const annots = objects.resolve(dictGet(objects.resolve(page.ref ?? undefined), "Annots"));
    if (annots?.kind !== "array") continue;
    for (const a of annots.items) {
      if (a.kind !== "ref" || seen.has(a.num)) continue;
      const ad = objects.resolve(a);
      const parent = dictGet(ad, "Parent");
      const ft = asName(dictGet(ad, "FT")) ?? asName(dictGet(objects.resolve(parent), "FT"));
      // A bare widget carries no /T or /V: its parent is the field.
      const field = dictGet(ad, "T") === undefined && parent?.kind === "ref" ? parent : a;
      if (ft === "Sig") visit(field, "", "Sig", 0);
    }
  }
  return out;
}
