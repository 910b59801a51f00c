import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PDFDocument, PDFName, PDFString, StandardFonts, type PDFRef } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VerificationReport } from "../../src/verification/index.js";
import { haveTool } from "../helpers/interopTools.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { appendUpdate, signPdf } from "../helpers/testSigner.js";
import { editedDict, stream, verify } from "./fixtures.js";

// A co-signer may not change what an earlier officer signed through an object that something
// signed shares with something the co-signer may legitimately touch (an empty signature field, a
// form field being filled, the form's default resources). Each path below is built from the same
// visible stamp, "Sanctioned amount: Rs 1,000 only", signed by officer A; officer B then appends one
// update that changes the stamp through the shared object and signs. Each attack is rendered
// before and after with poppler, to prove the page shows something else than A signed.

const run = promisify(execFile);
const rendering = await haveTool("pdftoppm");

type Path = "sigFieldAppearance" | "filledFieldAppearance" | "sigFieldIcon" | "defaultResourceFont";

interface Built {
  pdf: Buffer;
  /** The stamp's appearance stream and the font it draws with. */
  stamp: number;
  font: number;
  /** The stamp annotation itself. */
  annot: number;
  /** The field the path shares the stamp with, if any. */
  field: number;
}

let pki: TestPki;
let tmp: string;

beforeAll(async () => {
  pki = makeTestPki();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-shared-"));
});
afterAll(async () => {
  pki.cleanup();
  await fs.rm(tmp, { recursive: true, force: true });
});

const STAMP_BOX = " /Type /XObject /Subtype /Form /BBox [0 0 260 30]";
const stampText = (amount: string, font: number): string =>
  stream(`1 1 0.8 rg 0 0 260 30 re f 0 g BT /F1 12 Tf 8 10 Td (Sanctioned amount: Rs ${amount} only) Tj ET`, `${STAMP_BOX} /Resources << /Font << /F1 ${font} 0 R >> >>`);

/** A one-page letter with the stamp, and the one thing `p` shares the stamp's objects with. */
async function build(p: Path): Promise<Built> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 300]);
  page.drawText("Office order: pay the contractor as sanctioned below.", { x: 10, y: 270, size: 9, font: await doc.embedFont(StandardFonts.Helvetica) });
  const ctx = doc.context;
  const font = ctx.register(ctx.obj({ Type: "Font", Subtype: "Type1", BaseFont: "Helvetica", Encoding: "WinAnsiEncoding" }));
  const content = "1 1 0.8 rg 0 0 260 30 re f 0 g BT /F1 12 Tf 8 10 Td (Sanctioned amount: Rs 1,000 only) Tj ET";
  const stamp = ctx.register(
    ctx.stream(content, { Type: "XObject", Subtype: "Form", BBox: [0, 0, 260, 30], Resources: { Font: { F1: font } } }),
  );
  const annot = ctx.register(ctx.obj({ Type: "Annot", Subtype: "Stamp", Rect: [20, 200, 280, 230], F: 4, P: page.ref, AP: { N: stamp } }));
  page.node.addAnnot(annot);
  const form = doc.getForm();
  let field: PDFRef | undefined;
  const widget = (extra: Record<string, unknown>, rect: number[]): PDFRef => {
    const ref = ctx.register(ctx.obj({ Type: "Annot", Subtype: "Widget", Rect: rect, F: 4, P: page.ref, ...extra }));
    page.node.addAnnot(ref);
    form.acroForm.addField(ref);
    return ref;
  };
  const placeholder = (): PDFRef => ctx.register(ctx.stream("0.9 g 0 0 100 30 re f", { Type: "XObject", Subtype: "Form", BBox: [0, 0, 100, 30] }));
  if (p === "sigFieldAppearance") field = widget({ FT: "Sig", T: PDFString.of("Officer2"), AP: { N: stamp } }, [20, 120, 280, 150]);
  if (p === "filledFieldAppearance") field = widget({ FT: "Tx", T: PDFString.of("amount"), V: PDFString.of("1,000"), AP: { N: stamp } }, [20, 120, 280, 150]);
  if (p === "sigFieldIcon") field = widget({ FT: "Sig", T: PDFString.of("Officer2"), AP: { N: placeholder() }, MK: { I: stamp } }, [20, 120, 120, 150]);
  if (p === "defaultResourceFont") form.acroForm.dict.set(PDFName.of("DR"), ctx.obj({ Font: { Helv: font } }));
  form.acroForm.dict.set(PDFName.of("DA"), PDFString.of("/Helv 0 Tf 0 g"));
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  return { pdf, stamp: stamp.objectNumber, font: font.objectNumber, annot: annot.objectNumber, field: field?.objectNumber ?? Number.NaN };
}

/** Officer B's one update: the change through the shared object, and B's signature. */
async function attack(p: Path, signedByA: Buffer, b: Built): Promise<Buffer> {
  const forged = stampText("9,00,00,000", b.font);
  switch (p) {
    case "sigFieldAppearance":
      return signPdf(signedByA, pki, { fieldName: "Officer2", intoField: b.field, alsoWrite: new Map([[b.stamp, forged]]) });
    case "sigFieldIcon":
      return signPdf(signedByA, pki, { fieldName: "Officer2", intoField: b.field, alsoWrite: new Map([[b.stamp, forged]]) });
    case "filledFieldAppearance":
      return signPdf(signedByA, pki, {
        fieldName: "OfficerB",
        alsoWrite: new Map([
          [b.field, editedDict(signedByA, b.field, { V: "(9,00,00,000)" })],
          [b.stamp, forged],
        ]),
      });
    case "defaultResourceFont":
      // Only adds an entry to the font (as /DR growth would), remapping '1' to the glyph '9'.
      return signPdf(signedByA, pki, {
        fieldName: "OfficerB",
        alsoWrite: new Map([[b.font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [49 /nine] >> >>"]]),
      });
  }
}

/** Renders page 1 in grey at a low resolution, as raw pixels to compare. */
async function render(pdf: Buffer, name: string): Promise<Buffer> {
  const file = path.join(tmp, `${name}.pdf`);
  await fs.writeFile(file, pdf);
  await run("pdftoppm", ["-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", file, path.join(tmp, name)]);
  return fs.readFile(path.join(tmp, `${name}.pgm`));
}

/** Officer A's signature, the earlier one. */
const first = (r: VerificationReport) => r.signatures.find((s) => s.fieldName === "OfficerA");
const notAllowed = (r: VerificationReport): string => (first(r)?.changesAfter ?? []).filter((c) => c.classification === "not_allowed").map((c) => c.description).join("; ");

describe.each<Path>(["sigFieldAppearance", "filledFieldAppearance", "sigFieldIcon", "defaultResourceFont"])("a co-signer changing the stamp through %s", (p) => {
  it("fails the earlier signature, and the page shows a different amount", async () => {
    const b = await build(p);
    const signedByA = await signPdf(b.pdf, pki, { fieldName: "OfficerA" });
    expect(first(verify(signedByA, pki))?.status).toBe("TOTAL_PASSED");

    const forged = await attack(p, signedByA, b);
    const r = verify(forged, pki);
    expect(r.signatures).toHaveLength(2);
    expect(r.signatures.find((s) => s.fieldName !== "OfficerA")?.status).toBe("TOTAL_PASSED");
    const objectNum = p === "defaultResourceFont" ? b.font : b.stamp;
    expect(notAllowed(r)).toContain(`object ${objectNum}`);
    expect(notAllowed(r)).toMatch(/shared|annotation on page 1/);
    expect(first(r)?.status).toBe("TOTAL_FAILED");
    expect(first(r)?.subIndication).toBe("SIG_CONSTRAINTS_FAILURE");

    if (rendering) expect((await render(forged, `${p}-after`)).equals(await render(signedByA, `${p}-before`))).toBe(false);
  });
});

describe("what the shared-object rule still allows", () => {
  it("signing the empty field whose look the stamp shares, without touching the stamp", async () => {
    const b = await build("sigFieldAppearance");
    const signedByA = await signPdf(b.pdf, pki, { fieldName: "OfficerA" });
    const r = verify(await signPdf(signedByA, pki, { fieldName: "Officer2", intoField: b.field }), pki);
    expect(r.signatures.map((s) => [s.fieldName, s.status]).sort()).toEqual([["Officer2", "TOTAL_PASSED"], ["OfficerA", "TOTAL_PASSED"]]);
  });

  it("filling a field whose own appearance nothing else uses", async () => {
    const b = await build("filledFieldAppearance");
    const signedByA = await signPdf(b.pdf, pki, { fieldName: "OfficerA" });
    const own = 990;
    const filled = await signPdf(signedByA, pki, {
      fieldName: "OfficerB",
      alsoWrite: new Map([
        [b.field, editedDict(signedByA, b.field, { V: "(2,000)", AP: `<< /N ${own} 0 R >>` })],
        [own, stream("/Tx BMC BT /F1 12 Tf 2 5 Td (2,000) Tj ET EMC", " /Type /XObject /Subtype /Form /BBox [0 0 260 30]")],
      ]),
    });
    const r = verify(filled, pki);
    expect(notAllowed(r)).toBe("");
    expect(first(r)?.status).toBe("TOTAL_PASSED");
  });
});

describe("an existing annotation after signing", () => {
  /** The stamp letter (nothing shared), signed by A, and the stamp annotation's object number. */
  async function stamped(certify?: 3): Promise<{ signed: Buffer; b: Built; annot: number }> {
    const b = await build("defaultResourceFont");
    const signed = await signPdf(b.pdf, pki, { fieldName: "OfficerA", ...(certify ? { certify } : {}) });
    return { signed, b, annot: b.annot };
  }

  it("may not be redrawn without a certification signature that permits annotations (P=3)", async () => {
    const { signed, b } = await stamped();
    const redrawn = await appendUpdate(signed, new Map([[b.stamp, stampText("9,00,00,000", b.font)]]));
    let r = verify(redrawn, pki);
    expect(notAllowed(r)).toContain(`appearance object ${b.stamp} of the /Stamp annotation on page 1 rewritten: it changes what the page shows`);
    if (rendering) expect((await render(redrawn, "redrawn-after")).equals(await render(signed, "redrawn-before"))).toBe(false);

    const p3 = await stamped(3);
    r = verify(await appendUpdate(p3.signed, new Map([[p3.b.stamp, stampText("9,00,00,000", p3.b.font)]])), pki);
    expect(notAllowed(r)).toBe("");
    expect(first(r)?.changesAfter.map((c) => c.description).join()).toContain("permitted by the certification signature");
  });

  it("may be moved or hidden only under P=3, while a reply or review state is reported", async () => {
    const { signed, annot } = await stamped();
    const moved = await appendUpdate(signed, new Map([[annot, editedDict(signed, annot, { Rect: "[20 20 280 50]" })]]));
    expect(notAllowed(verify(moved, pki))).toContain(`annotation ${annot} on page 1: /Rect changed`);
    const noted = await appendUpdate(signed, new Map([[annot, editedDict(signed, annot, { Contents: "(seen)", M: "(D:20261205000000Z)" })]]));
    const r = verify(noted, pki);
    expect(notAllowed(r)).toBe("");
    expect(first(r)?.changesAfter.map((c) => c.description).join()).toContain(`annotation ${annot} on page 1 modified (/Contents, /M)`);
  });
});
