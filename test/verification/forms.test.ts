import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPdfStructure } from "../../src/pdf/index.js";
import { dictGet, type PdfValue } from "../../src/pdf/read/rawObjects.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { appendUpdate, signPdf } from "../helpers/testSigner.js";
import { editedDict, stream, verify } from "./fixtures.js";

let pki: TestPki;
let form: Buffer;

beforeAll(async () => {
  pki = makeTestPki();
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 200]);
  const amount = doc.getForm().createTextField("amount");
  amount.setText("1000");
  amount.addToPage(page, { x: 10, y: 100, width: 120, height: 20 });
  form = Buffer.from(await doc.save());
});
afterAll(() => pki.cleanup());

/** Object numbers of the text field, its widget (pdf-lib makes a separate kid) and the widget's appearance. */
function formTargets(pdf: Buffer): { field: number; widget: number; ap: number } {
  const s = readPdfStructure(pdf);
  const o = s.revisions[s.revisions.length - 1]?.objects;
  if (!o) throw new Error("no revision");
  const num = (v: PdfValue | undefined): number => (v?.kind === "ref" ? v.num : Number.NaN);
  const fields = o.resolve(dictGet(o.resolve(dictGet(o.resolve(s.revisions.at(-1)?.trailer.entries.get("Root")), "AcroForm")), "Fields"));
  const fieldRef = fields?.kind === "array" ? fields.items.find((f) => dictGet(o.resolve(f), "FT")?.kind === "name" && (dictGet(o.resolve(f), "FT") as { value: string }).value === "Tx") : undefined;
  const kids = o.resolve(dictGet(o.resolve(fieldRef), "Kids"));
  const widgetRef = kids?.kind === "array" ? kids.items[0] : fieldRef;
  const ap = o.resolve(dictGet(o.resolve(widgetRef), "AP"));
  return { field: num(fieldRef), widget: num(widgetRef), ap: num(dictGet(ap, "N")) };
}

function changes(pdf: Buffer): { classification: string; description: string }[] {
  return verify(pdf, pki).signatures[0]?.changesAfter ?? [];
}

describe("form fill and overlays after signing", () => {
  it("allows (and reports) filling in a form field when there is no certification signature", async () => {
    const signed = await signPdf(form, pki, { fieldName: "Approver" });
    const t = formTargets(signed);
    const filled = await appendUpdate(
      signed,
      new Map([
        [t.field, editedDict(signed, t.field, { V: "(2000)" })],
        [t.widget, editedDict(signed, t.widget, { AP: "<< /N 991 0 R >>" })],
        [991, stream("/Tx BMC BT 2 5 Td (2000) Tj ET EMC", " /Type /XObject /Subtype /Form /BBox [0 0 120 20]")],
      ]),
    );
    const c = changes(filled);
    expect(c.filter((x) => x.classification === "not_allowed")).toEqual([]);
    expect(c.some((x) => x.description.includes("form field 'amount' filled in") && x.description.includes("allowed but reported"))).toBe(true);
    expect(verify(filled, pki).signatures[0]?.status).toBe("TOTAL_PASSED");
  });

  it.each([
    ["Include [amount]", { action: "Include", fields: ["amount"] }, "not_allowed"],
    ["All", { action: "All", fields: [] }, "not_allowed"],
    ["Exclude [amount]", { action: "Exclude", fields: ["amount"] }, "allowed"],
  ] as const)("applies a FieldMDP lock (%s) to later form filling", async (_name, lock, expected) => {
    const signed = await signPdf(form, pki, { fieldName: "Approver", fieldMdp: { action: lock.action, fields: [...lock.fields] } });
    const t = formTargets(signed);
    const filled = await appendUpdate(signed, new Map([[t.field, editedDict(signed, t.field, { V: "(2000)" })]]));
    const fill = changes(filled).find((x) => x.description.includes("filled in"));
    expect(fill?.classification).toBe(expected);
    if (expected === "not_allowed") expect(fill?.description).toContain("locks field 'amount' (FieldMDP)");
  });

  it("flags a field appearance replaced without a value change (shadow replace via overlay)", async () => {
    const signed = await signPdf(form, pki, { fieldName: "Approver" });
    const t = formTargets(signed);
    const overlaid = await appendUpdate(signed, new Map([[t.ap, stream("/Tx BMC BT 2 5 Td (1,00,000) Tj ET EMC", " /Type /XObject /Subtype /Form /BBox [0 0 120 20]")]]));
    const c = changes(overlaid).filter((x) => x.classification === "not_allowed");
    expect(c.map((x) => x.description).join()).toContain("appearance of form field 'amount' was replaced without a value change");
    expect(verify(overlaid, pki).signatures[0]?.status).toBe("TOTAL_FAILED");
  });

  it("refuses form fill under DocMDP P=1 and annotations under P=2", async () => {
    const p1 = await signPdf(form, pki, { fieldName: "Certifier", certify: 1 });
    const t = formTargets(p1);
    const filled = await appendUpdate(p1, new Map([[t.field, editedDict(p1, t.field, { V: "(2000)" })]]));
    expect(changes(filled).find((x) => x.classification === "not_allowed")?.description).toContain("permits no changes");

    const p2 = await signPdf(form, pki, { fieldName: "Certifier", certify: 2 });
    const s = readPdfStructure(p2);
    const pageNum = (() => {
      const o = s.revisions.at(-1)?.objects;
      const pages = o?.resolve(dictGet(o.resolve(s.revisions.at(-1)?.trailer.entries.get("Root")), "Pages"));
      const kids = o?.resolve(dictGet(pages, "Kids"));
      return kids?.kind === "array" && kids.items[0]?.kind === "ref" ? kids.items[0].num : Number.NaN;
    })();
    const annots = /\/Annots \[([^\]]*)\]/.exec(editedDict(p2, pageNum, {}))?.[1] ?? "";
    const annotated = await appendUpdate(
      p2,
      new Map([
        [pageNum, editedDict(p2, pageNum, { Annots: `[${annots} 995 0 R]` })],
        [995, "<< /Type /Annot /Subtype /Text /Rect [0 0 20 20] /Contents (looks fine) >>"],
      ]),
    );
    expect(changes(annotated).find((x) => x.classification === "not_allowed")?.description).toContain("does not permit annotations");
  });
});
