import { asName, dictGet, valuesEqual, type PdfDict } from "../read/rawObjects.js";
import type { RevisionRoles } from "./objectRoles.js";
import type { Revision } from "../read/revisions.js";
import { decodeStream } from "../read/streamFilters.js";

/** The kinds of named resources content streams draw with (ISO 32000-1, 7.8.3). */
const RESOURCE_CATEGORIES = new Set(["Font", "XObject", "ExtGState", "ColorSpace", "Pattern", "Shading", "Properties"]);

/**
 * The names a later revision only added to a shared dictionary of named resources (the fonts of
 * the form's /DR that field appearances also draw with, say), when no stream its users draw reads
 * them: then nothing signed can look different. Null when the change is anything else, or when a
 * signed stream uses a new name (undefined when signed, defined now: an attack).
 */
export function harmlessResourceNames(a: Revision, b: Revision, num: number, roles: RevisionRoles): string[] | null {
  const oa = a.objects.get(num);
  const ob = b.objects.get(num);
  if (!oa || !ob || oa.stream || ob.stream || oa.value.kind !== "dict" || ob.value.kind !== "dict") return null;
  if (!(roles.roles.get(num) ?? []).every((r) => r.kind === "formResource" || (r.kind === "appearance" && !r.own))) return null;
  const before = oa.value.entries;
  const after = ob.value.entries;
  for (const [k, v] of before) {
    const now = after.get(k);
    if (!now || !valuesEqual(v, now)) return null;
  }
  const added = [...after.keys()].filter((k) => !before.has(k));
  if (added.length === 0 || !isNamedResourceDict(a, num, roles)) return null;
  const users = roles.owners.get(num) ?? new Map<string, string>();
  for (const [other, owners] of roles.owners) {
    if (![...owners.keys()].some((k) => users.has(k))) continue;
    const o = a.objects.get(other);
    if (!o?.stream || o.value.kind !== "dict") continue;
    if (added.some((name) => streamMayUse(o.value as PdfDict, o.stream as Buffer, name))) return null;
  }
  return added;
}

/** Whether object `num` is the value of a resource category (/Font, /XObject, ...) in some /Resources or /DR its users hold. */
function isNamedResourceDict(a: Revision, num: number, roles: RevisionRoles): boolean {
  const users = roles.owners.get(num);
  for (const [other, owners] of roles.owners) {
    if (!users || ![...owners.keys()].some((k) => users.has(k))) continue;
    const d = a.objects.get(other)?.value;
    for (const key of ["Resources", "DR"]) {
      const res = a.objects.resolve(dictGet(d, key));
      if (res?.kind !== "dict") continue;
      for (const [cat, v] of res.entries) if (RESOURCE_CATEGORIES.has(cat) && v.kind === "ref" && v.num === num) return true;
    }
  }
  return false;
}

/** Whether a content stream may name `/name`; one that cannot be decoded is assumed to. Images and fonts draw with no names. */
function streamMayUse(dict: PdfDict, raw: Buffer, name: string): boolean {
  const subtype = asName(dictGet(dict, "Subtype"));
  if (subtype !== undefined && subtype !== "Form") return false;
  let data: Buffer;
  try {
    data = decodeStream(dict, raw);
  } catch {
    return true;
  }
  const text = data.toString("latin1");
  // A name token ends at whitespace or a delimiter; #xx escapes of the same name count too.
  const escaped = [...name].map((c) => `(?:${c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}|#${c.charCodeAt(0).toString(16).padStart(2, "0")})`).join("");
  return new RegExp(`/${escaped}(?=[\\s()<>\\[\\]{}/%]|$)`, "i").test(text);
}
