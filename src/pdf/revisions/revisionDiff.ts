import { asName, changedKeys, dictGet, textOf, valuesEqual, type PdfDict, type PdfValue } from "../read/rawObjects.js";
import { assignRoles, type ObjectRole, type RevisionRoles } from "./objectRoles.js";
import { listPages } from "../read/pageTree.js";
import type { PdfStructure, Revision } from "../read/revisions.js";
import { harmlessResourceNames } from "./resourceGrowth.js";
import { DiffContext, type DocMdp, type RevisionChange } from "./diffContext.js";

export type { ChangeCategory, ChangeClass, DocMdp, RevisionChange } from "./diffContext.js";

/** Catalog keys that signing and validation-data updates legitimately touch. */
const CATALOG_ALLOWED = new Set(["AcroForm", "DSS", "Extensions", "Metadata"]);
/** Developer extensions only declare what a reader needs; validators and timestampers raise them. */
const EXTENSIONS_CHANGED = "developer extensions (/Extensions) added or updated, as validation updates do";
/** Form dictionary keys whose changes are judged elsewhere (fields one by one) or are signing's own. */
const ACROFORM_JUDGED = new Set(["Fields", "SigFlags"]);
const SIG_FIELD_FILL = new Set(["V", "AP", "AS", "F"]);
const FORM_FILL = new Set(["V", "AP", "AS"]);
/** Annotation entries that do not change how it is drawn: a reply, a popup's state, review marks. */
const ANNOT_NOT_DRAWN = new Set(["Contents", "M", "NM", "T", "Subj", "Popup", "Open", "IRT", "RT", "State", "StateModel", "CreationDate"]);

function offsetOfLocation(key: string | undefined): number | undefined {
  const m = key ? /^@(\d+)/.exec(key) : null;
  return m ? Number(m[1]) : undefined;
}

/** Whether `b` keeps every entry of `a` unchanged (one level of sub-dictionaries deep), only adding. */
function onlyAdds(a: PdfValue | undefined, b: PdfValue | undefined, ra: Revision, rb: Revision): boolean {
  const da = ra.objects.resolve(a);
  const db = rb.objects.resolve(b);
  if (da?.kind !== "dict") return true;
  if (db?.kind !== "dict") return false;
  for (const [k, va] of da.entries) {
    const vb = db.entries.get(k);
    if (!vb) return false;
    if (valuesEqual(va, vb)) continue;
    const sa = ra.objects.resolve(va);
    const sb = rb.objects.resolve(vb);
    if (sa?.kind !== "dict" || sb?.kind !== "dict") return false;
    for (const [kk, x] of sa.entries) if (!sb.entries.get(kk) || !valuesEqual(x, sb.entries.get(kk)!)) return false;
  }
  return true;
}

/** Whether the field (or widget) `num` carries a signature or document timestamp in `rev`. */
function signedIn(rev: Revision, num: number): { signed: boolean; docTs: boolean } {
  const v = fieldValue(rev, num);
  const type = v?.kind === "dict" ? asName(dictGet(v, "Type")) : undefined;
  return { signed: type === "Sig" || type === "DocTimeStamp", docTs: type === "DocTimeStamp" };
}

function refNums(v: PdfValue | undefined): number[] {
  return v?.kind === "array" ? v.items.flatMap((x) => (x.kind === "ref" ? [x.num] : [])) : [];
}

function isSigField(rev: Revision, num: number): { sig: boolean; docTs: boolean; name: string } {
  const o = rev.objects;
  const d = o.resolve({ kind: "ref", num, gen: 0 });
  const parent = o.resolve(dictGet(d, "Parent"));
  const ft = asName(dictGet(d, "FT")) ?? asName(dictGet(parent, "FT"));
  const v = o.resolve(dictGet(d, "V") ?? dictGet(parent, "V"));
  const name = textOf(o.resolve(dictGet(d, "T") ?? dictGet(parent, "T"))) ?? `object ${num}`;
  return { sig: ft === "Sig", docTs: asName(dictGet(v, "Type")) === "DocTimeStamp", name };
}

/** A field's value, inherited from its parents when the object itself (a widget) has none. */
function fieldValue(rev: Revision, num: number): PdfValue | undefined {
  let d = rev.objects.get(num)?.value;
  for (let i = 0; i < 32 && d?.kind === "dict"; i++) {
    const v = d.entries.get("V");
    if (v) return rev.objects.resolve(v);
    d = rev.objects.resolve(d.entries.get("Parent"));
  }
  return undefined;
}

/** The kids a field gained, when it only gained new widgets that name it as their parent; else null. */
function grownKids(a: Revision, b: Revision, num: number): number[] | null {
  const kidsOf = (r: Revision): number[] => refNums(r.objects.resolve(dictGet(r.objects.get(num)?.value, "Kids")));
  const before = kidsOf(a);
  const after = kidsOf(b);
  if (!before.every((k) => after.includes(k))) return null;
  const added = after.filter((k) => !before.includes(k));
  const ok = added.every((k) => {
    const parent = dictGet(b.objects.get(k)?.value, "Parent");
    return a.objects.location(k) === undefined && parent?.kind === "ref" && parent.num === num;
  });
  return ok && added.length > 0 ? added : null;
}

/** Whether widget `num`, new in `b`, is a new kid of a field that existed in `a` (and lists it). */
function isNewKidOfField(a: Revision, b: Revision, num: number): boolean {
  const parent = dictGet(b.objects.get(num)?.value, "Parent");
  if (parent?.kind !== "ref" || a.objects.location(parent.num) === undefined) return false;
  return grownKids(a, b, parent.num)?.includes(num) ?? false;
}

function valueChanged(a: Revision, b: Revision, num: number): boolean {
  const va = fieldValue(a, num);
  const vb = fieldValue(b, num);
  return !va || !vb ? va !== vb : !valuesEqual(va, vb);
}

/** The PDF version a reader of revision `r` goes by: the header's, or the catalog's /Version when later. */
function pdfVersion(r: Revision, catalog: PdfDict): string {
  const header = /%PDF-(\d+\.\d+)/.exec(r.objects.bytes.subarray(0, 1024).toString("latin1"))?.[1] ?? "1.0";
  const own = asName(dictGet(catalog, "Version"));
  return own && /^\d+\.\d+$/.test(own) && Number(own) > Number(header) ? own : header;
}

function compareCatalog(ctx: DiffContext, a: Revision, b: Revision): void {
  const ra = a.trailer.entries.get("Root");
  const rb = b.trailer.entries.get("Root");
  if (ra?.kind !== "ref" || rb?.kind !== "ref") ctx.notAllowed("catalog", "the document catalog (/Root) is missing");
  else if (ra.num !== rb.num) {
    // A new catalog object is judged entry by entry against the old one, as if edited in place.
    if (a.objects.location(rb.num) !== undefined) ctx.notAllowed("catalog", `the document catalog (/Root) was replaced by object ${rb.num}, which existed before`);
    else ctx.allowed("catalog", `the document catalog was rewritten as a new object (${ra.num} -> ${rb.num}); its entries are compared with the old catalog's`);
  }
  const ca = a.objects.resolve(ra);
  const cb = b.objects.resolve(rb);
  if (ca?.kind !== "dict" || cb?.kind !== "dict") {
    ctx.notAllowed("catalog", "the document catalog is missing or unreadable");
    return;
  }
  for (const k of changedKeys(ca, cb)) {
    if (k === "DSS") ctx.allowed("validation_data", "validation data (/DSS) added or updated");
    else if (k === "Metadata") ctx.allowed("metadata", "XMP metadata updated");
    else if (k === "Extensions") ctx.allowed("catalog", EXTENSIONS_CHANGED);
    else if (k === "Version") {
      const [from, to] = [pdfVersion(a, ca), pdfVersion(b, cb)];
      if (Number(to) < Number(from)) ctx.notAllowed("catalog", `PDF version lowered from ${from} to ${to}`);
      else if (to !== from) ctx.allowed("catalog", `PDF version raised from ${from} to ${to}`);
    } else if (!CATALOG_ALLOWED.has(k)) ctx.notAllowed("catalog", `the document catalog entry /${k} changed`);
  }
  const ia = a.trailer.entries.get("Info");
  const ib = b.trailer.entries.get("Info");
  if ((ia === undefined) !== (ib === undefined) || (ia && ib && !valuesEqual(ia, ib))) {
    ctx.allowed("metadata", "the document information dictionary (/Info) was replaced");
  }
}

function comparePages(ctx: DiffContext, a: Revision, b: Revision): void {
  const pa = listPages(a.objects, dictGet(a.objects.resolve(a.trailer.entries.get("Root")), "Pages"));
  const pb = listPages(b.objects, dictGet(b.objects.resolve(b.trailer.entries.get("Root")), "Pages"));
  if (pb.length > pa.length) ctx.notAllowed("pages", `pages added (${pa.length} -> ${pb.length})`);
  if (pb.length < pa.length) ctx.notAllowed("pages", `pages removed (${pa.length} -> ${pb.length})`);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const refA = pa[i]?.ref;
    const refB = pb[i]?.ref;
    if (!refA || !refB || refA.num !== refB.num) {
      ctx.notAllowed("pages", `page ${i + 1} was replaced by a different page object`);
      continue;
    }
    const da = a.objects.resolve(refA);
    const db = b.objects.resolve(refB);
    if (da?.kind !== "dict" || db?.kind !== "dict") continue;
    for (const k of changedKeys(da, db)) if (k !== "Annots") ctx.notAllowed("page_content", `page ${i + 1}: /${k} changed`);
    const oldAnnots = refNums(a.objects.resolve(da.entries.get("Annots")));
    const newAnnots = refNums(b.objects.resolve(db.entries.get("Annots")));
    for (const num of oldAnnots.filter((x) => !newAnnots.includes(x))) {
      const f = isSigField(a, num);
      if (f.sig) ctx.notAllowed("signature_tampering", `signature widget of '${f.name}' removed from page ${i + 1}`);
      else ctx.annotation(`annotation ${num} removed from page ${i + 1}`);
    }
    for (const num of newAnnots.filter((x) => !oldAnnots.includes(x))) {
      const ad = b.objects.resolve({ kind: "ref", num, gen: 0 });
      const subtype = asName(dictGet(ad, "Subtype")) ?? "unknown";
      const f = isSigField(b, num);
      if (subtype === "Widget" && f.sig) ctx.newSignature(`signature field widget '${f.name}' added to page ${i + 1}`, f.docTs);
      else if (subtype === "Widget" && isNewKidOfField(a, b, num)) continue; // judged with its field's /Kids
      else if (subtype === "Widget") ctx.notAllowed("form_structure", `a new form field widget '${f.name}' was added to page ${i + 1}`);
      else ctx.annotation(`/${subtype} annotation added to page ${i + 1}`);
    }
  }
}

function compareAcroForm(ctx: DiffContext, a: Revision, b: Revision): void {
  const fa = a.objects.resolve(dictGet(a.objects.resolve(a.trailer.entries.get("Root")), "AcroForm"));
  const fb = b.objects.resolve(dictGet(b.objects.resolve(b.trailer.entries.get("Root")), "AcroForm"));
  const da: PdfDict = fa?.kind === "dict" ? fa : { kind: "dict", entries: new Map() };
  const db: PdfDict = fb?.kind === "dict" ? fb : { kind: "dict", entries: new Map() };
  for (const k of changedKeys(da, db)) {
    if (ACROFORM_JUDGED.has(k)) continue;
    if (k === "NeedAppearances") {
      const on = db.entries.get("NeedAppearances");
      if (on?.kind === "bool" && on.value) ctx.notAllowed("form_structure", "/NeedAppearances was set: viewers would redraw the fields' appearances, which no signature covers");
      else ctx.allowed("form_structure", "/NeedAppearances cleared");
    } else if (k === "DA") ctx.formStructure("the form's default appearance (/DA) changed");
    else if (k === "DR") {
      if (onlyAdds(da.entries.get("DR"), db.entries.get("DR"), a, b)) ctx.formStructure("resources added to the form's default resources (/DR)");
      else ctx.notAllowed("form_structure", "the form's default resources (/DR) changed or lost an entry that fields may use");
    } else ctx.notAllowed("form_structure", `the form dictionary entry /${k} changed`);
  }
  const oldFields = refNums(a.objects.resolve(da.entries.get("Fields")));
  const newFields = refNums(b.objects.resolve(db.entries.get("Fields")));
  for (const num of oldFields.filter((x) => !newFields.includes(x))) {
    ctx.notAllowed("form_structure", `form field '${isSigField(a, num).name}' removed from the form`);
  }
  for (const num of newFields.filter((x) => !oldFields.includes(x))) {
    const f = isSigField(b, num);
    if (f.sig) ctx.newSignature(`signature field '${f.name}' added${f.docTs ? " (document timestamp)" : ""}`, f.docTs);
    else ctx.notAllowed("form_structure", `a new form field '${f.name}' was added`);
  }
}

function judgeObject(ctx: DiffContext, num: number, role: ObjectRole, a: Revision, b: Revision): void {
  const oa = a.objects.get(num);
  const ob = b.objects.get(num);
  switch (role.kind) {
    case "catalog":
    case "page":
    case "annotsArray":
    case "acroForm":
      return; // judged semantically above
    case "pageTree":
      return ctx.notAllowed("pages", `page tree node ${num} changed`);
    case "pageContent":
      return ctx.notAllowed("page_content", `object ${num}, part of the content or resources of page ${role.page}, was overridden`);
    case "sigValue":
      return ctx.notAllowed("signature_tampering", `the signature value of '${role.name}' was replaced`);
    case "field": {
      if (role.signed) return ctx.notAllowed("signature_tampering", `signed signature field '${role.name}' was modified`);
      let keys = oa?.value.kind === "dict" && ob?.value.kind === "dict" ? changedKeys(oa.value, ob.value) : ["(whole object)"];
      const added = keys.includes("Kids") ? grownKids(a, b, num) : null;
      if (added) {
        keys = keys.filter((k) => k !== "Kids");
        const what = `${added.length === 1 ? "a new widget" : `${added.length} new widgets`}`;
        if (role.sig) {
          const now = signedIn(b, num);
          if (!now.signed) return ctx.notAllowed("signature_tampering", `${what} added to empty signature field '${role.name}' without signing it`);
          ctx.newSignature(`${what} added to signature field '${role.name}' as it is signed`, now.docTs);
        } else if (ctx.mdp === null) ctx.allowed("form_structure", `${what} of form field '${role.name}' added (no certification signature, allowed but reported)`);
        else ctx.notAllowed("form_structure", `${what} of form field '${role.name}' added: the certification signature permits filling in fields, not adding them`);
        if (keys.length === 0) return;
      }
      if (role.sig) {
        const bad = keys.filter((k) => !SIG_FIELD_FILL.has(k));
        if (bad.length > 0) return ctx.notAllowed("signature_tampering", `signature field '${role.name}': ${bad.map((k) => `/${k}`).join(", ")} changed`);
        // Its look or visibility may change only in the update that signs it.
        const now = signedIn(b, num);
        if (!now.signed || signedIn(a, num).signed) {
          return ctx.notAllowed("signature_tampering", `empty signature field '${role.name}': ${keys.map((k) => `/${k}`).join(", ")} changed without signing it`);
        }
        return ctx.newSignature(`empty signature field '${role.name}' signed`, now.docTs);
      }
      const bad = keys.filter((k) => !FORM_FILL.has(k));
      if (bad.length > 0) return ctx.notAllowed("form_structure", `form field '${role.name}': ${bad.map((k) => `/${k}`).join(", ")} changed`);
      if (!valueChanged(a, b, num)) {
        return ctx.notAllowed("shadow", `the appearance of form field '${role.name}' changed without a value change (shadow attack: overlay)`);
      }
      return ctx.formFill(role.name, `form field '${role.name}' filled in`);
    }
    case "appearance":
      if (role.owner === "signedField") return ctx.notAllowed("signature_tampering", `the appearance of signed field '${role.name}' was replaced`);
      if (!role.own && (role.owner === "sigField" || role.owner === "formField")) {
        return ctx.notAllowed("shadow", `object ${num}, a resource the appearance of field '${role.name}' uses (other fields may share it), was overridden`);
      }
      if (role.owner === "sigField") {
        const now = signedIn(b, role.ownerNum);
        if (!now.signed || signedIn(a, role.ownerNum).signed) {
          return ctx.notAllowed("signature_tampering", `the appearance of signature field '${role.name}' was replaced outside the update that signs it`);
        }
        return ctx.newSignature(`appearance of signature field '${role.name}' drawn as it is signed`, now.docTs);
      }
      if (role.owner === "formField") {
        // A new look without a new value is an overlay swap, not form filling.
        if (!valueChanged(a, b, role.ownerNum)) {
          return ctx.notAllowed("shadow", `the appearance of form field '${role.name}' was replaced without a value change (shadow attack: replace via overlay)`);
        }
        return ctx.formFill(role.name, `appearance object ${num} of form field '${role.name}' rewritten`);
      }
      return ctx.annotationLook(`appearance object ${num} of the ${role.name} rewritten`);
    case "annotation": {
      const keys = oa?.value.kind === "dict" && ob?.value.kind === "dict" ? changedKeys(oa.value, ob.value) : ["(whole object)"];
      const drawn = keys.filter((k) => !ANNOT_NOT_DRAWN.has(k));
      if (drawn.length > 0) return ctx.annotationLook(`annotation ${num} on page ${role.page}: ${drawn.map((k) => `/${k}`).join(", ")} changed`);
      return ctx.annotation(`annotation ${num} on page ${role.page} modified (${keys.map((k) => `/${k}`).join(", ")})`);
    }
    case "formResource":
      if (oa?.value.kind === "dict" && ob?.value.kind === "dict" && !oa.stream && onlyAdds(oa.value, ob.value, a, b)) {
        return ctx.formStructure(`entries added to form default resources object ${num}`);
      }
      return ctx.notAllowed("form_structure", `form default resources object ${num}, which fields may use, was overridden`);
    case "extensions":
      return ctx.allowed("catalog", EXTENSIONS_CHANGED);
    case "dss":
      // Same words as the catalog's finding, so the two collapse into one when both changed.
      return ctx.allowed("validation_data", "validation data (/DSS) added or updated");
    case "metadata":
      return ctx.allowed("metadata", `metadata object ${num} updated`);
    case "info":
      return ctx.allowed("metadata", "document information dictionary updated");
    case "other":
      return ctx.notAllowed("object_override", `object ${num} (reachable from ${role.via}) was overridden`);
  }
}

function sameObject(a: Revision, b: Revision, num: number): boolean {
  const oa = a.objects.get(num);
  const ob = b.objects.get(num);
  if (!oa || !ob) return !oa && !ob;
  if (!valuesEqual(oa.value, ob.value)) return false;
  if (!oa.stream || !ob.stream) return !oa.stream && !ob.stream;
  return oa.stream.equals(ob.stream);
}

/**
 * Classifies everything revision `to` changed relative to revision `to - 1` (0-based indices),
 * pyHanko style: structural comparison of catalog, pages and form, then every overridden object
 * judged by its role in the earlier revision.
 */
export function diffRevision(pdf: PdfStructure, to: number, mdp: DocMdp, rolesCache: Map<number, RevisionRoles> = new Map()): RevisionChange[] {
  const a = pdf.revisions[to - 1];
  const b = pdf.revisions[to];
  if (!a || !b) return [];
  const ctx = new DiffContext(to + 1, mdp);
  const rolesOf = (r: Revision): RevisionRoles => {
    let x = rolesCache.get(r.index);
    if (!x) {
      x = assignRoles(r);
      rolesCache.set(r.index, x);
    }
    return x;
  };
  const ra = rolesOf(a);
  const rb = rolesOf(b);

  compareCatalog(ctx, a, b);
  comparePages(ctx, a, b);
  compareAcroForm(ctx, a, b);

  const nums = new Set([...a.objects.table.keys(), ...b.objects.table.keys()]);
  for (const num of nums) {
    const la = a.objects.location(num);
    const lb = b.objects.location(num);
    if (la === lb) {
      // Unchanged bytes, but an object nobody used at signing time may now be in use.
      if (la !== undefined && rb.reachable.has(num) && !ra.reachable.has(num)) {
        ctx.notAllowed("shadow", `object ${num} was present but unused when signed and is now referenced (shadow attack: hide)`);
      }
      continue;
    }
    const newOffset = offsetOfLocation(lb);
    if (lb !== undefined && newOffset !== undefined && newOffset < a.endOffset) {
      ctx.notAllowed("shadow", `object ${num} now points at bytes already in the file before this revision (shadow attack: xref re-pointed)`);
      continue;
    }
    if (la === undefined) continue; // a new object: judged through whatever references it
    if (lb === undefined) {
      if (ra.reachable.has(num)) ctx.notAllowed("object_override", `object ${num}, in use before, was deleted`);
      continue;
    }
    if (sameObject(a, b, num)) continue;
    const roles = ra.roles.get(num);
    if (!roles) {
      if (rb.reachable.has(num)) ctx.notAllowed("shadow", `unused object ${num} was overridden and is now referenced (shadow attack: replace)`);
      continue;
    }
    const users = ra.owners.get(num);
    const names = harmlessResourceNames(a, b, num, ra);
    if (names) {
      const list = names.map((n) => `/${n}`).join(", ");
      ctx.formStructure(`${list} added to resource dictionary ${num}, which ${[...(users?.values() ?? [])].join(" and ")} use; no signed content draws with ${names.length === 1 ? "it" : "them"}`);
      continue;
    }
    if (users && users.size > 1) {
      ctx.notAllowed("shadow", `object ${num} is shared by ${[...users.values()].join(" and ")}: changing it changes what an earlier signature covered, whatever else the update does`);
    }
    for (const role of roles) judgeObject(ctx, num, role, a, b);
  }
  return dedupe(ctx.out);
}

function dedupe(changes: RevisionChange[]): RevisionChange[] {
  const seen = new Set<string>();
  return changes.filter((c) => {
    const k = `${c.classification}|${c.description}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
