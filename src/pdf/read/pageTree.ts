import { asName, type PdfRef, type PdfValue } from "./rawObjects.js";
import type { RevisionObjects } from "./revisionObjects.js";

export interface PageNode {
  /** Reference of the page object, or null for a (malformed) direct page. */
  ref: PdfRef | null;
  /** Page tree nodes (intermediate /Pages) on the way to this page. */
  ancestors: PdfRef[];
}

const MAX_PAGES = 100_000;

/**
 * The leaves of the page tree in order; cycles and absurd trees are cut short. With `limit`, the
 * walk stops after that many pages (the signer reads only the tree up to its page).
 */
export function listPages(objects: RevisionObjects, pagesRoot: PdfValue | undefined, limit = MAX_PAGES): PageNode[] {
  const out: PageNode[] = [];
  const seen = new Set<number>();
  const max = Math.min(limit, MAX_PAGES);
  const walk = (v: PdfValue | undefined, ancestors: PdfRef[], depth: number): void => {
    if (!v || depth > 64 || out.length >= max) return;
    if (v.kind === "ref") {
      if (seen.has(v.num)) return;
      seen.add(v.num);
    }
    const node = objects.resolve(v);
    if (node?.kind !== "dict") return;
    const kids = objects.resolve(node.entries.get("Kids"));
    const type = asName(node.entries.get("Type"));
    if (type === "Pages" || (type !== "Page" && kids?.kind === "array")) {
      const next = v.kind === "ref" ? [...ancestors, v] : ancestors;
      if (kids?.kind === "array") for (const k of kids.items) walk(k, next, depth + 1);
      return;
    }
    out.push({ ref: v.kind === "ref" ? v : null, ancestors });
  };
  walk(pagesRoot, [], 0);
  return out;
}
