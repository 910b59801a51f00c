import { asName, collectRefs, dictGet, textOf, type PdfRef, type PdfValue } from "../read/rawObjects.js";
import type { Revision } from "../read/revisions.js";
import { listPages } from "../read/pageTree.js";

/** What an object is for in a revision; the diff judges a change by it. */
export type ObjectRole =
  | { kind: "catalog" }
  | { kind: "pageTree" }
  | { kind: "page"; page: number }
  | { kind: "pageContent"; page: number }
  | { kind: "annotsArray"; page: number }
  | { kind: "annotation"; page: number }
  | { kind: "acroForm" }
  | { kind: "formResource" }
  | { kind: "field"; name: string; sig: boolean; signed: boolean }
  | { kind: "sigValue"; name: string }
  | {
      kind: "appearance";
      owner: "signedField" | "sigField" | "formField" | "annotation";
      name: string;
      ownerNum: number;
      /** An appearance stream of the owner itself (/AP /N, /D, /R or one of their states), not a resource it uses. */
      own: boolean;
    }
  | { kind: "dss" }
  | { kind: "extensions" }
  | { kind: "metadata" }
  | { kind: "info" }
  | { kind: "other"; via: string };

export interface RevisionRoles {
  roles: Map<number, ObjectRole[]>;
  /**
   * Who uses each object, by owner (the page content, a field, an annotation, the form's default
   * resources), with words for a report: an object two owners share may change for neither.
   */
  owners: Map<number, Map<string, string>>;
  /** Every object reachable from the trailer (/Root, /Info). */
  reachable: Set<number>;
}

const MAX_OBJECTS = 500_000;
/** Back-pointers: following them would make every object reachable from everything. */
const BACK_KEYS = new Set(["Parent", "P"]);
/** Objects with a role of their own in the document's structure: a resource walk stops at them. */
const STRUCTURAL = new Set<ObjectRole["kind"]>(["catalog", "pageTree", "page", "annotsArray", "acroForm", "field", "annotation"]);

export function assignRoles(rev: Revision): RevisionRoles {
  const objs = rev.objects;
  const roles = new Map<number, ObjectRole[]>();
  const add = (num: number, role: ObjectRole): void => {
    const list = roles.get(num);
    if (list) list.push(role);
    else roles.set(num, [role]);
  };
  const owners = new Map<number, Map<string, string>>();
  /**
   * Gives `role` to every object reachable from `v` (not via back-pointers). With an owner, every
   * object the owner uses gets the role, also when another owner reached it first, so a change is
   * judged for each of its users; without one (a fallback), only objects with no role yet.
   */
  const spread = (v: PdfValue | undefined, role: ObjectRole, owner?: { key: string; label: string }): void => {
    // A direct dictionary (an annotation's) starts the walk without its back-pointers too.
    const stack: PdfValue[] = v?.kind === "dict" ? [...v.entries].filter(([k]) => !BACK_KEYS.has(k)).map(([, x]) => x) : v ? [v] : [];
    const seen = new Set<number>();
    while (stack.length > 0 && seen.size < MAX_OBJECTS) {
      const cur = stack.pop() as PdfValue;
      for (const r of cur.kind === "ref" ? [cur] : collectRefs(cur)) {
        if (seen.has(r.num)) continue;
        seen.add(r.num);
        if (owner) {
          // A page, field or annotation reached through a link's /Dest, say, is judged as itself.
          if (roles.get(r.num)?.some((x) => STRUCTURAL.has(x.kind))) continue;
          const users = owners.get(r.num) ?? new Map<string, string>();
          // This owner's walk passed here already (a resource used twice): its subtree is done.
          if (users.has(owner.key)) continue;
          users.set(owner.key, owner.label);
          owners.set(r.num, users);
        } else if (roles.has(r.num)) continue;
        add(r.num, role);
        const d = objs.get(r.num)?.value;
        if (d?.kind === "dict") {
          for (const [k, x] of d.entries) if (!BACK_KEYS.has(k)) stack.push(x);
        } else if (d) stack.push(d);
      }
    }
  };
  /**
   * Spreads an appearance role over an /AP dictionary and everything it uses, then marks the
   * owner's own streams: a form fill may replace those, never a resource (font, image) that
   * other fields may share.
   */
  const spreadAppearance = (ap: PdfValue | undefined, role: Extract<ObjectRole, { kind: "appearance" }>, owner: { key: string; label: string }): void => {
    spread(ap, role, owner);
    const own: number[] = ap?.kind === "ref" ? [ap.num] : [];
    const apDict = objs.resolve(ap);
    if (apDict?.kind === "dict") {
      for (const k of ["N", "D", "R"]) {
        const entry = apDict.entries.get(k);
        if (entry?.kind === "ref") own.push(entry.num);
        const states = objs.resolve(entry);
        // A dictionary of states (/On, /Off): its values are the streams.
        if (states?.kind === "dict" && !objs.get(entry?.kind === "ref" ? entry.num : -1)?.stream) {
          for (const st of states.entries.values()) if (st.kind === "ref") own.push(st.num);
        }
      }
    }
    for (const num of own) {
      const list = roles.get(num);
      if (list) roles.set(num, list.map((r) => (r === role ? { ...role, own: true } : r)));
    }
  };

  const root = rev.trailer.entries.get("Root");
  const catalog = objs.resolve(root);
  if (root?.kind === "ref") add(root.num, { kind: "catalog" });
  const pagesRoot = dictGet(catalog, "Pages");
  if (pagesRoot?.kind === "ref") add(pagesRoot.num, { kind: "pageTree" });
  const pages = listPages(objs, pagesRoot);
  pages.forEach((p, i) => {
    for (const a of p.ancestors) if (!roles.get(a.num)?.some((r) => r.kind === "pageTree")) add(a.num, { kind: "pageTree" });
    if (!p.ref) return;
    add(p.ref.num, { kind: "page", page: i + 1 });
    const d = objs.resolve(p.ref);
    if (d?.kind !== "dict") return;
    for (const [k, v] of d.entries) {
      if (k === "Annots" || BACK_KEYS.has(k)) continue;
      spread(v, { kind: "pageContent", page: i + 1 }, { key: "page", label: `the content of page ${i + 1}` });
    }
  });

  // Form fields before plain annotations: a widget's role comes from its field.
  const acroRef = dictGet(catalog, "AcroForm");
  if (acroRef?.kind === "ref") add(acroRef.num, { kind: "acroForm" });
  const acro = objs.resolve(acroRef);
  const fieldsVal = dictGet(acro, "Fields");
  if (fieldsVal?.kind === "ref") add(fieldsVal.num, { kind: "acroForm" });
  const seenFields = new Set<number>();
  // A widget kid of a signed field carries no /V of its own: it is as signed as its parent.
  const visitField = (v: PdfValue, parentName: string, ft: string | undefined, depth: number, parentSigned = false): void => {
    if (v.kind !== "ref" || seenFields.has(v.num) || depth > 32) return;
    seenFields.add(v.num);
    const f = objs.resolve(v);
    if (f?.kind !== "dict") return;
    const t = textOf(objs.resolve(f.entries.get("T")));
    const name = t === undefined ? parentName : parentName ? `${parentName}.${t}` : t;
    const myFt = asName(objs.resolve(f.entries.get("FT"))) ?? ft;
    const sig = myFt === "Sig";
    const value = f.entries.get("V");
    const signed = sig && ((value !== undefined && value.kind !== "null") || parentSigned);
    add(v.num, { kind: "field", name, sig, signed });
    if (signed && value) spread(value, { kind: "sigValue", name });
    const owner = signed ? "signedField" : sig ? "sigField" : "formField";
    const user = { key: `field ${v.num}`, label: `${sig ? "signature field" : "form field"} '${name}'` };
    spreadAppearance(f.entries.get("AP"), { kind: "appearance", owner, name, ownerNum: v.num, own: false }, user);
    spread(f.entries.get("MK"), { kind: "appearance", owner, name, ownerNum: v.num, own: false }, user);
    const kids = objs.resolve(f.entries.get("Kids"));
    if (kids?.kind === "array") for (const k of kids.items) visitField(k, name, myFt, depth + 1, signed);
  };
  const fields = objs.resolve(fieldsVal);
  if (fields?.kind === "array") for (const f of fields.items) visitField(f, "", undefined, 0);
  spread(dictGet(acro, "DR"), { kind: "formResource" }, { key: "form", label: "the form's default resources (/DR)" });

  pages.forEach((p, i) => {
    const annotsVal = dictGet(objs.resolve(p.ref ?? undefined), "Annots");
    if (annotsVal?.kind === "ref" && !roles.has(annotsVal.num)) add(annotsVal.num, { kind: "annotsArray", page: i + 1 });
    const annots = objs.resolve(annotsVal);
    if (annots?.kind !== "array") return;
    for (const a of annots.items) {
      if (a.kind !== "ref" || roles.has(a.num)) continue;
      const ad = objs.resolve(a);
      const parent = dictGet(ad, "Parent");
      if (parent?.kind === "ref" && !seenFields.has(parent.num) && asName(dictGet(ad, "Subtype")) === "Widget") {
        // A widget whose field the form does not list still belongs to that field.
        visitField(parent, "", undefined, 0);
        if (roles.has(a.num)) continue;
      }
      add(a.num, { kind: "annotation", page: i + 1 });
      const name = `/${asName(dictGet(ad, "Subtype")) ?? "unknown"} annotation on page ${i + 1}`;
      spread(ad, { kind: "appearance", owner: "annotation", name, ownerNum: a.num, own: false }, { key: `annotation ${a.num}`, label: `the ${name}` });
    }
  });

  spread(dictGet(catalog, "DSS"), { kind: "dss" });
  spread(dictGet(catalog, "Extensions"), { kind: "extensions" });
  spread(dictGet(catalog, "Metadata"), { kind: "metadata" });
  spread(rev.trailer.entries.get("Info"), { kind: "info" });
  if (catalog?.kind === "dict") for (const [k, v] of catalog.entries) spread(v, { kind: "other", via: `/${k} of the catalog` });

  return { roles, owners, reachable: reachableFrom(rev, [root, rev.trailer.entries.get("Info")]) };
}

function reachableFrom(rev: Revision, starts: (PdfValue | undefined)[]): Set<number> {
  const seen = new Set<number>();
  const stack: PdfRef[] = starts.flatMap((s) => (s ? collectRefs(s) : []));
  while (stack.length > 0 && seen.size < MAX_OBJECTS) {
    const r = stack.pop() as PdfRef;
    if (seen.has(r.num)) continue;
    seen.add(r.num);
    const o = rev.objects.get(r.num);
    if (o) stack.push(...collectRefs(o.value));
  }
  return seen;
}
