import { PDFDict, PDFDocument, PDFName, PDFString } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPdfStructure } from "../../src/pdf/index.js";
import { dictGet, textOf, type PdfValue } from "../../src/pdf/read/rawObjects.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { appendUpdate, signPdf } from "../helpers/testSigner.js";
import { editedDict, stream, verify } from "./fixtures.js";

// Attacks on the parts of a form a later revision may touch: an empty signature field, the
// resources that field appearances share, and the form dictionary itself.

let pki: TestPki;
let base: Buffer;

beforeAll(async () => {
  pki = makeTestPki();
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 300]);
  const form = doc.getForm();
  for (const [name, text, y] of [["a", "10", 200], ["b", "20", 150]] as const) {
    const f = form.createTextField(name);
    f.setText(text);
    f.addToPage(page, { x: 10, y, width: 100, height: 20 });
  }
  // An empty signature field for a second officer, with a visible placeholder.
  const ctx = doc.context;
  const placeholder = ctx.register(ctx.stream("0.9 g 0 0 100 30 re f", { Type: "XObject", Subtype: "Form", BBox: [0, 0, 100, 30] }));
  const sigField = ctx.register(
    ctx.obj({ FT: "Sig", T: PDFString.of("Officer2"), Type: "Annot", Subtype: "Widget", Rect: [150, 50, 250, 80], F: 4, P: page.ref, AP: { N: placeholder } }),
  );
  page.node.addAnnot(sigField);
  form.acroForm.addField(sigField);
  form.acroForm.dict.set(PDFName.of("DA"), PDFString.of("/Helv 0 Tf 0 g"));
  base = Buffer.from(await doc.save({ useObjectStreams: false }));
});
afterAll(() => pki.cleanup());

const num = (v: PdfValue | undefined): number => (v?.kind === "ref" ? v.num : Number.NaN);

/** Object numbers in the newest revision: fields by name, their first widget's /AP /N, the font that AP uses, and the form dictionary. */
function objectsOf(pdf: Buffer) {
  const s = readPdfStructure(pdf);
  const last = s.revisions.at(-1)!;
  const o = last.objects;
  const acroRef = dictGet(o.resolve(last.trailer.entries.get("Root")), "AcroForm");
  const fields = o.resolve(dictGet(o.resolve(acroRef), "Fields"));
  const field = (name: string): PdfValue | undefined => (fields?.kind === "array" ? fields.items.find((f) => textOf(o.resolve(dictGet(o.resolve(f), "T"))) === name) : undefined);
  const widget = (name: string): PdfValue | undefined => {
    const kids = o.resolve(dictGet(o.resolve(field(name)), "Kids"));
    return kids?.kind === "array" ? kids.items[0] : field(name);
  };
  const apN = (name: string): PdfValue | undefined => dictGet(o.resolve(dictGet(o.resolve(widget(name)), "AP")), "N");
  const fontOf = (name: string): PdfValue | undefined => {
    const fonts = o.resolve(dictGet(o.resolve(dictGet(o.resolve(apN(name)), "Resources")), "Font"));
    return fonts?.kind === "dict" ? [...fonts.entries.values()][0] : undefined;
  };
  return { acroForm: num(acroRef), field: (n: string) => num(field(n)), widget: (n: string) => num(widget(n)), apN: (n: string) => num(apN(n)), font: (n: string) => num(fontOf(n)) };
}

function notAllowed(pdf: Buffer): string[] {
  return (verify(pdf, pki).signatures[0]?.changesAfter ?? []).filter((c) => c.classification === "not_allowed").map((c) => c.description);
}

describe("an empty signature field after signing", () => {
  it("may not get a new appearance without being signed, even less under DocMDP P=1", async () => {
    for (const certify of [undefined, 1] as const) {
      const signed = await signPdf(base, pki, { fieldName: "Approver", ...(certify ? { certify } : {}) });
      const t = objectsOf(signed);
      expect(t.apN("Officer2")).not.toBeNaN();
      const swapped = await appendUpdate(signed, new Map([[t.apN("Officer2"), stream("BT /F1 12 Tf 5 10 Td (APPROVED) Tj ET", " /Type /XObject /Subtype /Form /BBox [0 0 100 30]")]]));
      expect(notAllowed(swapped).join()).toContain("the appearance of signature field 'Officer2' was replaced outside the update that signs it");
      expect(verify(swapped, pki).signatures[0]?.status).toBe("TOTAL_FAILED");
    }
  });

  it("may not be hidden or re-pointed without being signed", async () => {
    const signed = await signPdf(base, pki, { fieldName: "Approver" });
    const t = objectsOf(signed);
    const hidden = await appendUpdate(signed, new Map([[t.field("Officer2"), editedDict(signed, t.field("Officer2"), { F: "2" })]]));
    expect(notAllowed(hidden).join()).toContain("empty signature field 'Officer2': /F changed without signing it");
  });
});

describe("a signed field whose widget is a separate kid", () => {
  it("keeps its look and visibility: a later update may neither redraw nor hide it", async () => {
    const doc = await PDFDocument.load(base);
    const ctx = doc.context;
    const page = doc.getPage(0);
    // "Earlier": a field signed before (its /V a signature dictionary), drawn by a widget kid.
    const look = ctx.register(ctx.stream("0.9 g 0 0 100 30 re f", { Type: "XObject", Subtype: "Form", BBox: [0, 0, 100, 30] }));
    const sigDict = ctx.register(ctx.obj({ Type: "Sig", Filter: "Adobe.PPKLite", SubFilter: "adbe.pkcs7.detached", Contents: PDFString.of("x"), ByteRange: [0, 1, 2, 1] }));
    const field = ctx.register(ctx.obj({ FT: "Sig", T: PDFString.of("Earlier"), V: sigDict }));
    const widget = ctx.register(ctx.obj({ Type: "Annot", Subtype: "Widget", Rect: [150, 100, 250, 130], F: 4, P: page.ref, Parent: field, AP: { N: look } }));
    ctx.lookup(field, PDFDict).set(PDFName.of("Kids"), ctx.obj([widget]));
    page.node.addAnnot(widget);
    doc.getForm().acroForm.addField(field);
    const withEarlier = Buffer.from(await doc.save({ useObjectStreams: false }));
    const signed = await signPdf(withEarlier, pki, { fieldName: "Approver" });
    const redrawn = await appendUpdate(signed, new Map([[look.objectNumber, stream("BT /F1 12 Tf 5 10 Td (VOID) Tj ET", " /Type /XObject /Subtype /Form /BBox [0 0 100 30]")]]));
    expect(notAllowed(redrawn).join()).toContain("the appearance of signed field 'Earlier' was replaced");
    const hidden = await appendUpdate(signed, new Map([[widget.objectNumber, editedDict(signed, widget.objectNumber, { F: "2" })]]));
    expect(notAllowed(hidden).join()).toContain("signed signature field 'Earlier' was modified");
  });
});

describe("resources that field appearances share", () => {
  it("may not be overridden by a form fill, even where form filling is permitted (DocMDP P=2)", async () => {
    const signed = await signPdf(base, pki, { fieldName: "Certifier", certify: 2 });
    const t = objectsOf(signed);
    const font = t.font("a");
    expect(font).not.toBeNaN();
    expect(t.font("b")).toBe(font);
    // Field a is filled in properly, and the font both fields use is swapped along the way.
    const filled = await appendUpdate(
      signed,
      new Map([
        [t.field("a"), editedDict(signed, t.field("a"), { V: "(11)" })],
        [t.apN("a"), stream("/Tx BMC BT /Helv 12 Tf 2 5 Td (11) Tj ET EMC", " /Type /XObject /Subtype /Form /BBox [0 0 100 20]")],
        [font, "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>"],
      ]),
    );
    const bad = notAllowed(filled).join();
    expect(bad).toContain(`object ${font}, a resource the appearance of field 'a' uses`);
    expect(bad).not.toContain("filled in");
  });
});

describe("the form dictionary", () => {
  it("may not ask viewers to redraw appearances (/NeedAppearances), with or without certification", async () => {
    for (const certify of [undefined, 2] as const) {
      const signed = await signPdf(base, pki, { fieldName: "Approver", ...(certify ? { certify } : {}) });
      const form = objectsOf(signed).acroForm;
      const redrawn = await appendUpdate(signed, new Map([[form, editedDict(signed, form, { NeedAppearances: "true" })]]));
      expect(notAllowed(redrawn).join()).toContain("/NeedAppearances was set");
    }
  });

  it("reports a changed default appearance, and refuses it under P=1", async () => {
    const plain = await signPdf(base, pki, { fieldName: "Approver" });
    let form = objectsOf(plain).acroForm;
    const changed = await appendUpdate(plain, new Map([[form, editedDict(plain, form, { DA: "(/Helv 0 Tf 1 1 1 rg)" })]]));
    expect(notAllowed(changed)).toEqual([]);
    expect(verify(changed, pki).signatures[0]?.changesAfter.map((c) => c.description).join()).toContain("default appearance (/DA) changed (allowed but reported)");

    const certified = await signPdf(base, pki, { fieldName: "Certifier", certify: 1 });
    form = objectsOf(certified).acroForm;
    const white = await appendUpdate(certified, new Map([[form, editedDict(certified, form, { DA: "(/Helv 0 Tf 1 1 1 rg)" })]]));
    expect(notAllowed(white).join()).toContain("default appearance (/DA) changed: the certification signature permits no changes");
  });

  it("allows resources added to /DR, and refuses one replaced", async () => {
    const signed = await signPdf(base, pki, { fieldName: "Approver" });
    const t = objectsOf(signed);
    const font = t.font("a");
    const zapf = "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>";
    const added = await appendUpdate(signed, new Map([[t.acroForm, editedDict(signed, t.acroForm, { DR: `<< /Font << /Helv ${font} 0 R >> >>` })]]));
    const more = await appendUpdate(added, new Map([[t.acroForm, editedDict(added, t.acroForm, { DR: `<< /Font << /Helv ${font} 0 R /ZaDb 990 0 R >> >>` })], [990, zapf]]));
    expect(notAllowed(more)).toEqual([]);
    const replaced = await appendUpdate(added, new Map([[t.acroForm, editedDict(added, t.acroForm, { DR: "<< /Font << /Helv 990 0 R >> >>" })], [990, zapf]]));
    expect(notAllowed(replaced).join()).toContain("default resources (/DR) changed or lost an entry");
  });
});
