import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, type PDFRef } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPdfStructure } from "../../src/pdf/index.js";
import type { VerificationReport } from "../../src/verification/index.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { appendUpdate, signPdf } from "../helpers/testSigner.js";
import { editedDict, stream, verify } from "./fixtures.js";

// Later revisions that validators and timestampers write in ordinary use, and that the standards
// allow: an earlier signature stays TOTAL_PASSED, and the report says in words what changed.

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => pki.cleanup());

const earlier = (r: VerificationReport) => r.signatures.find((s) => s.fieldName === "OfficerA");
const said = (r: VerificationReport): string => (earlier(r)?.changesAfter ?? []).map((c) => `${c.classification}: ${c.description}`).join("; ");
const refused = (r: VerificationReport): string => (earlier(r)?.changesAfter ?? []).filter((c) => c.classification === "not_allowed").map((c) => c.description).join("; ");

function rootOf(pdf: Buffer): number {
  const s = readPdfStructure(pdf);
  const root = s.revisions.at(-1)?.trailer.entries.get("Root");
  if (root?.kind !== "ref") throw new Error("no /Root reference");
  return root.num;
}

async function letter(version?: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([300, 200]).drawText("Office order", { x: 10, y: 100, size: 10 });
  if (version) doc.catalog.set(PDFName.of("Version"), PDFName.of(version));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

describe("the catalog in later revisions", () => {
  it("may raise /Version and add or extend /Extensions (as LTV updates do)", async () => {
    const signed = await signPdf(await letter(), pki, { fieldName: "OfficerA" });
    const root = rootOf(signed);
    const ext = 990;
    const raised = await appendUpdate(
      signed,
      new Map([
        [root, editedDict(signed, root, { Version: "/2.0", Extensions: `${ext} 0 R` })],
        [ext, "<< /ADBE << /BaseVersion /1.7 /ExtensionLevel 8 >> >>"],
      ]),
    );
    let r = verify(raised, pki);
    expect(refused(r)).toBe("");
    expect(said(r)).toContain("PDF version raised from 1.7 to 2.0");
    expect(said(r)).toContain("developer extensions (/Extensions)");
    const extended = await appendUpdate(raised, new Map([[ext, "<< /ADBE << /BaseVersion /1.7 /ExtensionLevel 8 >> /ESIC << /BaseVersion /1.7 /ExtensionLevel 2 >> >>"]]));
    r = verify(extended, pki);
    expect(refused(r)).toBe("");
    expect(earlier(r)?.status).toBe("TOTAL_PASSED");
  });

  it("still refuses a lowered /Version", async () => {
    const signed = await signPdf(await letter("2.0"), pki, { fieldName: "OfficerA" });
    const root = rootOf(signed);
    const r = verify(await appendUpdate(signed, new Map([[root, editedDict(signed, root, { Version: "/1.3" })]])), pki);
    expect(refused(r)).toContain("PDF version lowered from 2.0 to 1.7");
  });

  it("may be rewritten as a new object that keeps every signed entry", async () => {
    const signed = await signPdf(await letter(), pki, { fieldName: "OfficerA" });
    const root = rootOf(signed);
    const moved = await appendUpdate(signed, new Map([[990, editedDict(signed, root, {})]]), " /Root 990 0 R");
    // appendUpdate writes /Root from the old trailer first; the later key wins for readers, so
    // write the trailer cleanly instead.
    const fixed = Buffer.from(moved.toString("latin1").replace(/\/Root \d+ 0 R (\/Prev \d+) \/Root 990 0 R/, "/Root 990 0 R $1"), "latin1");
    const r = verify(fixed, pki);
    expect(refused(r)).toBe("");
    expect(said(r)).toContain("the document catalog was rewritten as a new object");
    expect(earlier(r)?.status).toBe("TOTAL_PASSED");
  });

  it("refuses a new catalog object that drops or changes a signed entry", async () => {
    const signed = await signPdf(await letter(), pki, { fieldName: "OfficerA" });
    const root = rootOf(signed);
    const moved = await appendUpdate(signed, new Map([[990, editedDict(signed, root, { OpenAction: "<< /S /JavaScript /JS (app.alert(1)) >>" })]]), " /Root 990 0 R");
    const fixed = Buffer.from(moved.toString("latin1").replace(/\/Root \d+ 0 R (\/Prev \d+) \/Root 990 0 R/, "/Root 990 0 R $1"), "latin1");
    expect(refused(verify(fixed, pki))).toContain("the document catalog entry /OpenAction changed");
  });
});

describe("links between pages", () => {
  it("a link whose /Dest names a page does not make that page part of the link's look", async () => {
    const doc = await PDFDocument.create();
    const first = doc.addPage([300, 200]);
    const second = doc.addPage([300, 200]);
    const ctx = doc.context;
    for (const [from, to] of [[first, second], [second, first]] as const) {
      from.node.addAnnot(ctx.register(ctx.obj({ Type: "Annot", Subtype: "Link", Rect: [10, 10, 100, 30], Border: [0, 0, 0], Dest: [to.ref, "Fit"] })));
    }
    const signedByA = await signPdf(Buffer.from(await doc.save({ useObjectStreams: false })), pki, { fieldName: "OfficerA" });
    // B's signature widget goes on page 1, so page 1's /Annots changes.
    const r = verify(await signPdf(signedByA, pki, { fieldName: "OfficerB" }), pki);
    expect(refused(r)).toBe("");
    expect(earlier(r)?.status).toBe("TOTAL_PASSED");
  });
});

describe("signature fields drawn by widget kids", () => {
  /** A letter with an empty signature field "Officer2" whose widget is a separate kid, and its numbers. */
  async function withKidField(): Promise<{ pdf: Buffer; field: number; widget: number; page: number }> {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 200]);
    const ctx = doc.context;
    const field = ctx.register(ctx.obj({ FT: "Sig", T: PDFString.of("Officer2") }));
    const placeholder = ctx.register(ctx.stream("0.9 g 0 0 100 30 re f", { Type: "XObject", Subtype: "Form", BBox: [0, 0, 100, 30] }));
    const widget = ctx.register(ctx.obj({ Type: "Annot", Subtype: "Widget", Rect: [150, 20, 250, 50], F: 4, P: page.ref, Parent: field, AP: { N: placeholder } }));
    ctx.lookup(field, PDFDict).set(PDFName.of("Kids"), ctx.obj([widget]));
    page.node.addAnnot(widget);
    doc.getForm().acroForm.addField(field);
    return { pdf: Buffer.from(await doc.save({ useObjectStreams: false })), field: field.objectNumber, widget: widget.objectNumber, page: page.ref.objectNumber };
  }

  it("a co-signer signs the parent field and draws the signature in its widget kid", async () => {
    const b = await withKidField();
    const signedByA = await signPdf(b.pdf, pki, { fieldName: "OfficerA" });
    const look = 990;
    const signedByB = await signPdf(signedByA, pki, {
      fieldName: "Officer2",
      intoField: b.field,
      alsoWrite: new Map([
        [b.widget, editedDict(signedByA, b.widget, { AP: `<< /N ${look} 0 R >>` })],
        [look, stream("0 0 1 rg 0 0 100 30 re f", " /Type /XObject /Subtype /Form /BBox [0 0 100 30]")],
      ]),
    });
    const r = verify(signedByB, pki);
    expect(r.signatures.map((s) => [s.fieldName, s.status]).sort()).toEqual([["Officer2", "TOTAL_PASSED"], ["OfficerA", "TOTAL_PASSED"]]);
    expect(said(r)).toContain("empty signature field 'Officer2' signed");
  });

  it("a co-signer adds a new widget kid to the field it signs", async () => {
    const b = await withKidField();
    const signedByA = await signPdf(b.pdf, pki, { fieldName: "OfficerA" });
    const [widget2, look] = [990, 991];
    const pageDict = editedDict(signedByA, b.page, {});
    const annots = /\/Annots \[([^\]]*)\]/.exec(pageDict)?.[1] ?? "";
    const signedByB = await signPdf(signedByA, pki, {
      fieldName: "Officer2",
      intoField: b.field,
      intoFieldEdits: { Kids: `[${b.widget} 0 R ${widget2} 0 R]` },
      alsoWrite: new Map([
        [b.page, editedDict(signedByA, b.page, { Annots: `[${annots} ${widget2} 0 R]` })],
        [widget2, `<< /Type /Annot /Subtype /Widget /Rect [20 20 120 50] /F 4 /P ${b.page} 0 R /Parent ${b.field} 0 R /AP << /N ${look} 0 R >> >>`],
        [look, stream("0 0 1 rg 0 0 100 30 re f", " /Type /XObject /Subtype /Form /BBox [0 0 100 30]")],
      ]),
    });
    const r = verify(signedByB, pki);
    expect(refused(r)).toBe("");
    expect(said(r)).toContain("widget added to signature field 'Officer2'");
    expect(earlier(r)?.status).toBe("TOTAL_PASSED");
  });

  it("a new widget kid of a text field is reported, and refused under a certification signature", async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 200]);
    const amount = doc.getForm().createTextField("amount");
    amount.setText("1000");
    amount.addToPage(page, { x: 10, y: 100, width: 120, height: 20 });
    const base = Buffer.from(await doc.save({ useObjectStreams: false }));
    const fieldNum = amount.ref.objectNumber;
    const kids = doc.context.lookup(amount.ref, PDFDict).lookup(PDFName.of("Kids"), PDFArray);
    const oldKid = (kids.get(0) as PDFRef).objectNumber;
    const pageNum = page.ref.objectNumber;
    for (const certify of [undefined, 2] as const) {
      const signedByA = await signPdf(base, pki, { fieldName: "OfficerA", ...(certify ? { certify } : {}) });
      const annots = /\/Annots \[([^\]]*)\]/.exec(editedDict(signedByA, pageNum, {}))?.[1] ?? "";
      const more = await appendUpdate(
        signedByA,
        new Map([
          [fieldNum, editedDict(signedByA, fieldNum, { Kids: `[${oldKid} 0 R 990 0 R]` })],
          [pageNum, editedDict(signedByA, pageNum, { Annots: `[${annots} 990 0 R]` })],
          [990, `<< /Type /Annot /Subtype /Widget /Rect [10 40 130 60] /F 4 /P ${pageNum} 0 R /Parent ${fieldNum} 0 R >>`],
        ]),
      );
      const r = verify(more, pki);
      if (certify) expect(refused(r)).toContain("a new widget of form field 'amount'");
      else {
        expect(refused(r)).toBe("");
        expect(said(r)).toContain("a new widget of form field 'amount' added");
      }
    }
  });
});

describe("the form's default resources in LT/LTA files", () => {
  /** A form whose text field draws with the font dictionary the form's /DR also holds (as some producers write it), signed by A. */
  async function sharedFontDict(content = "/Tx BMC BT /Helv 9 Tf 2 6 Td (Rs 1,000) Tj ET EMC"): Promise<{ signed: Buffer; fonts: number }> {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 200]);
    const ctx = doc.context;
    const helv = ctx.register(ctx.obj({ Type: "Font", Subtype: "Type1", BaseFont: "Helvetica" }));
    const fonts = ctx.register(ctx.obj({ Helv: helv }));
    const look = ctx.register(ctx.stream(content, { Type: "XObject", Subtype: "Form", BBox: [0, 0, 120, 20], Resources: { Font: fonts } }));
    const note = ctx.register(ctx.obj({ FT: "Tx", T: PDFString.of("amount"), V: PDFString.of("Rs 1,000"), Type: "Annot", Subtype: "Widget", Rect: [10, 100, 130, 120], F: 4, P: page.ref, AP: { N: look } }));
    page.node.addAnnot(note);
    const form = doc.getForm();
    form.acroForm.addField(note);
    form.acroForm.dict.set(PDFName.of("DR"), ctx.obj({ Font: fonts }));
    const base = Buffer.from(await doc.save({ useObjectStreams: false }));
    return { signed: await signPdf(base, pki, { fieldName: "OfficerA" }), fonts: fonts.objectNumber };
  }

  it("grows with fonts later signers add, when no signed content uses the new names", async () => {
    const { signed, fonts } = await sharedFontDict();
    const zadb = 995;
    const grown = await signPdf(signed, pki, {
      fieldName: "OfficerB",
      alsoWrite: new Map([
        [fonts, editedDict(signed, fonts, { ZaDb: `${zadb} 0 R` })],
        [zadb, "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>"],
      ]),
    });
    const r = verify(grown, pki);
    expect(refused(r)).toBe("");
    expect(said(r)).toContain("/ZaDb added to resource dictionary");
    expect(earlier(r)?.status).toBe("TOTAL_PASSED");
  });

  it("refuses a font it held being replaced", async () => {
    const { signed, fonts } = await sharedFontDict();
    const swapped = await signPdf(signed, pki, {
      fieldName: "OfficerB",
      alsoWrite: new Map([[fonts, "<< /Helv 995 0 R >>"], [995, "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>"]]),
    });
    expect(refused(verify(swapped, pki))).toContain(`object ${fonts}`);
  });

  it("refuses a name added there that a signed appearance already draws with (undefined when signed, defined now)", async () => {
    const { signed, fonts } = await sharedFontDict("/Tx BMC BT /Helv 9 Tf 2 6 Td (Rs 1,000) Tj /F9 9 Tf ( and 9 crore more) Tj ET EMC");
    const defined = await signPdf(signed, pki, {
      fieldName: "OfficerB",
      alsoWrite: new Map([
        [fonts, editedDict(signed, fonts, { F9: "995 0 R" })],
        [995, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"],
      ]),
    });
    const r = verify(defined, pki);
    expect(refused(r)).toContain(`object ${fonts}`);
    expect(earlier(r)?.status).toBe("TOTAL_FAILED");
  });
});
