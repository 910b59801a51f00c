import { MoharError } from "../../errors.js";
import type { SigningDocument } from "./loadForSigning.js";
import { listPages } from "../read/pageTree.js";
import type { PdfDict, PdfRef, PdfValue } from "../read/rawObjects.js";

/** A rectangle as [x, y] of its lower-left corner and its size, in user-space points. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The page that carries the widget: its object, and what a visible appearance needs of it. */
export interface SigningPage {
  ref: PdfRef;
  dict: PdfDict;
  /** /Rotate (inherited) as 0, 90, 180 or 270. */
  rotation: number;
  /** The visible area: /CropBox, else /MediaBox (both inheritable); undefined when neither is readable. */
  visibleBox: Box | undefined;
}

const MAX_PARENTS = 64;

/**
 * Page `pageNumber` (1-based), found by walking the page tree only as far as that page. The page
 * count is needed only to say why a number is out of range.
 */
export function pageForSigning(doc: SigningDocument, pageNumber: number, asked: unknown): SigningPage {
  const { objects } = doc;
  const root = doc.catalog.entries.get("Pages");
  const valid = Number.isInteger(pageNumber) && pageNumber >= 1;
  const found = valid ? listPages(objects, root, pageNumber)[pageNumber - 1] : undefined;
  if (!found) {
    const count = listPages(objects, root).length;
    throw new MoharError("pdf.page_out_of_range", `page ${String(asked)} does not exist; the document has ${count} page(s)`);
  }
  const object = found.ref ? objects.get(found.ref.num) : undefined;
  if (!found.ref || object?.value.kind !== "dict" || object.stream) {
    throw new MoharError("pdf.unparsable", `the PDF cannot be parsed: page ${pageNumber} is not an indirect page dictionary`);
  }
  const dict = object.value;
  const inherited = (key: string): PdfValue | undefined => {
    const seen = new Set<PdfDict>();
    let node: PdfDict | undefined = dict;
    for (let i = 0; node && !seen.has(node) && i < MAX_PARENTS; i++) {
      seen.add(node);
      const v = node.entries.get(key);
      if (v !== undefined) return objects.resolve(v);
      const parent = objects.resolve(node.entries.get("Parent"));
      node = parent?.kind === "dict" ? parent : undefined;
    }
    return undefined;
  };
  const rotate = inherited("Rotate");
  const angle = rotate?.kind === "number" ? rotate.value : 0;
  return {
    ref: found.ref,
    dict,
    rotation: (((Math.round(angle / 90) * 90) % 360) + 360) % 360,
    visibleBox: boxOf(doc, inherited("CropBox")) ?? boxOf(doc, inherited("MediaBox")),
  };
}

function boxOf(doc: SigningDocument, v: PdfValue | undefined): Box | undefined {
  if (v?.kind !== "array" || v.items.length !== 4) return undefined;
  const n = v.items.map((item) => doc.objects.resolve(item));
  if (!n.every((x) => x?.kind === "number")) return undefined;
  const [x1, y1, x2, y2] = n.map((x) => (x as { value: number }).value) as [number, number, number, number];
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}
