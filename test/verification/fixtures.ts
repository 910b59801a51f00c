import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import { readPdfStructure } from "../../src/pdf/index.js";
import { dictGet, type PdfValue } from "../../src/pdf/read/rawObjects.js";
import { verifyPdf, type VerificationReport } from "../../src/verification/index.js";
import type { TestPki } from "../helpers/testPki.js";

/** Object numbers an attacker would target in a signed test document. */
export interface Targets {
  page: number;
  pages: number;
  content: number;
  signatureAppearance: number;
  signatureDict: number;
}

function refNum(v: PdfValue | undefined): number {
  if (v?.kind !== "ref") throw new Error("expected a reference");
  return v.num;
}

export function targetsOf(pdf: Buffer): Targets {
  const s = readPdfStructure(pdf);
  const last = s.revisions[s.revisions.length - 1];
  if (!last) throw new Error("no revision");
  const o = last.objects;
  const catalog = o.resolve(last.trailer.entries.get("Root"));
  const pagesRef = dictGet(catalog, "Pages");
  const pages = o.resolve(pagesRef);
  const kids = o.resolve(dictGet(pages, "Kids"));
  const pageRef = kids?.kind === "array" ? kids.items[0] : undefined;
  const page = o.resolve(pageRef);
  const contents = dictGet(page, "Contents");
  const first = contents?.kind === "array" ? contents.items[0] : contents;
  const annots = o.resolve(dictGet(page, "Annots"));
  const widget = o.resolve(annots?.kind === "array" ? annots.items[0] : undefined);
  const ap = o.resolve(dictGet(widget, "AP"));
  return {
    page: refNum(pageRef),
    pages: refNum(pagesRef),
    content: refNum(first),
    signatureAppearance: refNum(dictGet(ap, "N")),
    signatureDict: refNum(dictGet(widget, "V")),
  };
}

export function anchorsOf(pki: TestPki): X509Certificate[] {
  return [new X509Certificate(fs.readFileSync(pki.rootPem))];
}

export function verify(pdf: Buffer, pki: TestPki): VerificationReport {
  return verifyPdf(pdf, { trustAnchors: anchorsOf(pki) });
}

/** Writes a parsed value back as PDF syntax (strings as hex), for building attack updates. */
export function serialize(v: PdfValue): string {
  switch (v.kind) {
    case "null":
      return "null";
    case "bool":
    case "number":
      return String(v.value);
    case "name":
      return `/${v.value}`;
    case "string":
      return `<${v.bytes.toString("hex")}>`;
    case "ref":
      return `${v.num} ${v.gen} R`;
    case "array":
      return `[${v.items.map(serialize).join(" ")}]`;
    case "dict":
      return `<< ${[...v.entries].map(([k, x]) => `/${k} ${serialize(x)}`).join(" ")} >>`;
  }
}

/** An object's dictionary from the newest revision, with `changes` applied, as PDF syntax. */
export function editedDict(pdf: Buffer, num: number, changes: Record<string, string>): string {
  const s = readPdfStructure(pdf);
  const v = s.revisions[s.revisions.length - 1]?.objects.get(num)?.value;
  if (v?.kind !== "dict") throw new Error(`object ${num} is not a dictionary`);
  const keep = [...v.entries].filter(([k]) => !(k in changes)).map(([k, x]) => `/${k} ${serialize(x)}`);
  return `<< ${[...keep, ...Object.entries(changes).map(([k, x]) => `/${k} ${x}`)].join(" ")} >>`;
}

export function stream(content: string, extra = ""): string {
  return `<< /Length ${Buffer.byteLength(content, "latin1")}${extra} >>\nstream\n${content}\nendstream`;
}
