import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { embedSignature, preparePdfSignature } from "../../src/pdf/index.js";
import { loadForSigning } from "../../src/pdf/write/loadForSigning.js";
import { prepareSignatureOn } from "../../src/pdf/write/preparePdfSignature.js";
import type { IndirectObject } from "../../src/pdf/read/rawObjects.js";
import { makePdf } from "../helpers/samplePdfs.js";

const now = new Date("2026-11-23T12:10:05Z");
const dummyCms = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);
const dss = { certs: [new X509Certificate(fs.readFileSync("certs-dev/root.pem")).raw], crls: [], ocsps: [] };

/** `pdf` with `n` signatures in turn (a placeholder CMS: only the PDF structure matters here), the first with a visible block and a /DSS. */
async function signedTimes(pdf: Buffer, n: number): Promise<Buffer> {
  let out = pdf;
  for (let i = 0; i < n; i++) {
    const p = await preparePdfSignature(out, { signingTime: now, name: `Officer ${i}`, ...(i === 0 ? { rect: [50, 50, 250, 100] as const, dss } : {}) });
    out = embedSignature(p, dummyCms);
  }
  return out;
}

const isSig = (o: IndirectObject): boolean => o.value.kind === "dict" && o.value.entries.get("Type")?.kind === "name" && o.value.entries.has("ByteRange");
const bytesOf = (objs: IndirectObject[]): number => objs.reduce((n, o) => n + (o.start >= 0 ? o.end - o.start : 0), 0);

async function whatSigningReads(pdf: Buffer): Promise<{ objects: IndirectObject[]; fieldName: string }> {
  const doc = loadForSigning(pdf);
  const p = await prepareSignatureOn(doc, { signingTime: now, name: "Next Officer", dss });
  return { objects: doc.objects.parsed(), fieldName: p.fieldName };
}

/**
 * Issue #16: signing cost must not grow with the document's history. The update reads the
 * cross-reference chain, then only the objects it touches (catalog, AcroForm and its fields,
 * the page tree down to the page, the /DSS): never an earlier signature's dictionary, whose
 * /Contents make up most of a signed file.
 */
describe("signing reads only what the update touches", () => {
  it("reads no earlier signature dictionary and a few KB of a file with 50 signatures", async () => {
    for (const classicXref of [false, true]) {
      const base = await makePdf({ pages: 3, classicXref });
      const signed = await signedTimes(base, 50);
      expect(signed.length).toBeGreaterThan(50 * 48 * 1024);

      const before = await whatSigningReads(base);
      const after = await whatSigningReads(signed);
      expect(after.fieldName).toBe("Signature51");
      expect(after.objects.filter(isSig)).toEqual([]);
      // The 50 field dictionaries (small; their /V is not followed) are read to count and name the fields.
      expect(after.objects.length).toBeLessThanOrEqual(before.objects.length + 50 + 5);
      expect(bytesOf(after.objects)).toBeLessThan(64 * 1024);
      expect(bytesOf(after.objects) / signed.length).toBeLessThan(0.03);
    }
  });
});
