import { X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { RevocationSource } from "../../src/pki/index.js";
import { signDocument } from "../../src/signing/index.js";
import { verifyPdf } from "../../src/verification/index.js";
import { certsDev, devKey, devOfficer } from "../helpers/devSigning.js";

/** The object numbers an incremental update (from `from` on) writes. */
const written = (pdf: Buffer, from: number): number[] => [...pdf.toString("latin1", from).matchAll(/(\d+) 0 obj/g)].map((m) => Number(m[1]));

/**
 * Issue #16: the signing update makes a page's direct /Annots an array object of its own, so a
 * later signature rewrites that array, not the page dictionary (signatureField.ts addToPageAnnots).
 */
describe("a page whose /Annots is a direct array", () => {
  it("gets an /Annots array object holding its annotation and the widget; a second signature rewrites only that array; both verify", async () => {
    const base = await PDFDocument.create();
    const page = base.addPage([595, 842]);
    const ctx = base.context;
    const link = ctx.register(ctx.obj({ Type: "Annot", Subtype: "Link", Rect: [72, 700, 200, 720], Border: [0, 0, 0], A: { S: "URI", URI: "https://example.org/" } }));
    page.node.set(PDFName.of("Annots"), ctx.obj([link]));
    const pdf = Buffer.from(await base.save({ useObjectStreams: false }));
    expect(pdf.toString("latin1")).toMatch(new RegExp(`/Annots \\[ ?${link.objectNumber} 0 R ?\\]`));

    const officer = await devOfficer("anita-sharma");
    const key = await devKey(officer);
    // With the CRLs in a /DSS (B-LT), so that the signatures verify to TOTAL_PASSED.
    const revocation = RevocationSource.fromDir(path.join(certsDev, "crl"));
    const once = (await signDocument({ pdf, key, officer: officer.identity, revocation })).pdf;
    const afterOne = await PDFDocument.load(once, { updateMetadata: false });
    const annotsRef = afterOne.getPage(0).node.get(PDFName.of("Annots"));
    expect(annotsRef).toBeInstanceOf(PDFRef);
    const array = afterOne.context.lookup(annotsRef as PDFRef, PDFArray);
    expect(array.size()).toBe(2);
    expect(array.get(0)).toEqual(link);
    const widget = afterOne.context.lookup(array.get(1) as PDFRef, PDFDict);
    expect(widget.get(PDFName.of("Subtype"))).toBe(PDFName.of("Widget"));
    expect(written(once, pdf.length)).toEqual(expect.arrayContaining([page.ref.objectNumber, (annotsRef as PDFRef).objectNumber]));

    const twice = (await signDocument({ pdf: once, key, officer: officer.identity, revocation })).pdf;
    const second = written(twice, once.length);
    expect(second).toContain((annotsRef as PDFRef).objectNumber);
    expect(second).not.toContain(page.ref.objectNumber);
    const afterTwo = await PDFDocument.load(twice, { updateMetadata: false });
    expect(afterTwo.getPage(0).node.get(PDFName.of("Annots"))).toEqual(annotsRef);
    const items = afterTwo.context.lookup(annotsRef as PDFRef, PDFArray).asArray();
    expect(items).toHaveLength(3);
    expect(items.slice(0, 2)).toEqual(array.asArray());

    const root = new X509Certificate(await fs.readFile(path.join(certsDev, "root.pem")));
    const report = verifyPdf(twice, { trustAnchors: [root] });
    expect(report.signatures.map((s) => [s.status, s.certificate.trusted, s.changesAfter.every((c) => c.classification === "allowed")])).toEqual([
      ["TOTAL_PASSED", true, true],
      ["TOTAL_PASSED", true, true],
    ]);
  });
});
