import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveTool, pdfsig } from "../helpers/interopTools.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { appendUpdate, makePdf, signPdf } from "../helpers/testSigner.js";
import { stream, targetsOf, verify } from "./fixtures.js";

/**
 * Damaged cross-reference data (a wrong or missing startxref, offsets shifted by bytes a tool
 * inserted) is read as poppler and qpdf read it: by scanning the file for `N G obj`. A signature
 * whose own revision is damaged verifies (its hash is over the bytes, not the xref) and the
 * report says what was repaired; a damaged update after a signature is never accepted.
 */
const hasPdfsig = await haveTool("pdfsig");
let pki: TestPki;
let base: Buffer;
let signed: Buffer;

beforeAll(async () => {
  pki = makeTestPki();
  base = await makePdf();
  signed = await signPdf(base, pki, { fieldName: "Approver" });
});
afterAll(() => pki.cleanup());

/** The last startxref's offset moved by `by` bytes (a writer that miscounted). */
function wrongStartxref(pdf: Buffer, by: number): Buffer {
  const t = pdf.toString("latin1");
  const at = t.lastIndexOf("startxref");
  const m = /startxref\s+(\d+)/.exec(t.slice(at)) as RegExpExecArray;
  return Buffer.from(`${t.slice(0, at)}startxref\n${Number(m[1]) + by}${t.slice(at + m[0].length)}`, "latin1");
}

function withoutStartxref(pdf: Buffer): Buffer {
  const t = pdf.toString("latin1");
  const at = t.lastIndexOf("startxref");
  const m = /startxref\s+\d+\s*/.exec(t.slice(at)) as RegExpExecArray;
  return Buffer.from(t.slice(0, at) + t.slice(at + m[0].length), "latin1");
}

/** The newest trailer's /Prev set to the xref section the previous revision really wrote (a writer that found it again). */
function prevFound(previous: Buffer): (p: Buffer) => Buffer {
  const t = previous.toString("latin1");
  const wrong = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(t)?.[1] as string;
  const right = t.lastIndexOf("\nxref\n") + 1;
  return (p) => Buffer.from(p.toString("latin1").replace(new RegExp(`/Prev ${wrong}(?=[ >])`), `/Prev ${right}`), "latin1");
}

function notAllowed(r: ReturnType<typeof verify>, sig = 0): string {
  return (r.signatures[sig]?.changesAfter ?? []).filter((c) => c.classification === "not_allowed").map((c) => `${c.category}: ${c.description}`).join("; ");
}

describe("a signature whose own revision has damaged cross-reference data", () => {
  it.each([
    ["a wrong startxref", (p: Buffer) => wrongStartxref(p, -7), /revision 2 \(ending at byte \d+\): its startxref \d+ does not lead to readable cross-reference data/],
    ["no startxref", withoutStartxref, /revision 2 \(ending at byte \d+\): there is no startxref before its %%EOF/],
    ["offsets shifted by bytes a tool inserted", (p: Buffer) => Buffer.concat([p.subarray(0, base.length), Buffer.from("% inserted by a buggy tool\n"), p.subarray(base.length)]), /does not lead to readable cross-reference data/],
  ] as const)("verifies with %s, says the structure was repaired, and poppler agrees", async (_name, damage, said) => {
    const pdf = await signPdf(base, pki, { fieldName: "Approver", damage });
    const r = verify(pdf, pki);
    expect(r.status, r.statusReason).toBe("TOTAL_PASSED");
    expect(r.signatures.map((s) => s.fieldName)).toEqual(["Approver"]);
    expect(r.repairs).toHaveLength(1);
    expect(r.repairs[0]).toMatch(said);
    expect(r.repairs[0]).toContain('its objects were found by scanning the file for "N G obj"');
    if (hasPdfsig) expect(await pdfsig(pdf)).toMatchObject([{ signatureValid: true, coversWholeDocument: true }]);
  });

  it("reads a file whose every startxref is wrong (no readable revision at all)", async () => {
    const first = base.toString("latin1").lastIndexOf("startxref");
    const pdf = await signPdf(base, pki, {
      fieldName: "Approver",
      damage: (p) => wrongStartxref(Buffer.concat([wrongStartxref(p.subarray(0, first + 30), 3), p.subarray(first + 30)]), 11),
    });
    const r = verify(pdf, pki);
    expect(r.repairs.length).toBeGreaterThanOrEqual(1);
    expect(r.signatures[0]?.status, r.statusReason).toBe("TOTAL_PASSED");
  });

  it("verifies it when a later update, written by a signer that found the xref again, follows it", async () => {
    const first = await signPdf(base, pki, { fieldName: "First", damage: (p) => wrongStartxref(p, -7) });
    const pdf = await signPdf(first, pki, { fieldName: "Second", damage: prevFound(first) });
    const r = verify(pdf, pki);
    expect(r.status, r.statusReason).toBe("TOTAL_PASSED");
    expect(r.revisions).toBe(3);
    expect(r.repairs).toEqual([expect.stringMatching(/^revision 2 \(ending at byte \d+\): its startxref \d+ does not lead to readable cross-reference data/)]);
    expect(r.signatures.map((s) => [s.fieldName, s.revision?.index, s.status])).toEqual([["First", 2, "TOTAL_PASSED"], ["Second", 3, "TOTAL_PASSED"]]);
    if (hasPdfsig) expect((await pdfsig(pdf)).map((p) => p.signatureValid)).toEqual([true, true]);
  });

  it("does not take a %%EOF inside an object's data for a damaged revision (a linearized file's first-page %%EOF: structure.test.ts)", async () => {
    const quoted = await appendUpdate(base, new Map([[900, stream("% an attached file ends here:\nstartxref\n12\n%%EOF\n")]]));
    const r = verify(await signPdf(quoted, pki, { fieldName: "Approver" }), pki);
    expect([r.revisions, r.repairs, r.status]).toEqual([3, [], "TOTAL_PASSED"]);
  });

  it("still fails when a signed byte of such a file changes", async () => {
    const pdf = await signPdf(base, pki, { fieldName: "Approver", damage: (p) => wrongStartxref(p, -7) });
    const t = targetsOf(pdf);
    const at = pdf.indexOf("stream", pdf.indexOf(`\n${t.signatureAppearance} 0 obj`), "latin1") + 10;
    pdf[at] = (pdf[at] as number) ^ 1;
    expect(verify(pdf, pki).signatures[0]).toMatchObject({ status: "TOTAL_FAILED", subIndication: "HASH_FAILURE" });
  });
});

describe("a damaged update after a signature", () => {
  it("is not accepted even when it only adds a signature (other readers may rebuild it differently)", async () => {
    const r = verify(await signPdf(signed, pki, { fieldName: "Second", damage: (p) => wrongStartxref(p, 50) }), pki);
    expect(r.signatures[0]?.status).toBe("TOTAL_FAILED");
    expect(notAllowed(r)).toMatch(/repaired_structure: the update made after signing has damaged cross-reference data/);
    expect(r.repairs[0]).toMatch(/^revision 3 /);
  });

  it("is not accepted when a readable update follows it (the damaged one in the middle is judged, not skipped)", async () => {
    const { content } = targetsOf(signed);
    const forged = stream("BT /F1 10 Tf 10 100 Td (pay the contractor Rs 9,00,00,000) Tj ET");
    const damaged = wrongStartxref(await appendUpdate(signed, new Map([[content, forged]])), -7);
    const pdf = prevFound(damaged)(await appendUpdate(damaged, new Map([[950, "<< >>"]])));
    const r = verify(pdf, pki);
    expect(r.revisions).toBe(4);
    expect(r.signatures[0]?.status).toBe("TOTAL_FAILED");
    expect(notAllowed(r)).toMatch(/repaired_structure: the update made after signing has damaged cross-reference data/);
    expect(notAllowed(r)).toMatch(/content/);
  });

  it("fails the signature when objects are appended without any cross-reference data to change the page", () => {
    const { content } = targetsOf(signed);
    const forged = `\n${content} 0 obj\n${stream("BT /F1 10 Tf 10 100 Td (pay the contractor Rs 9,00,00,000) Tj ET")}\nendobj\n%%EOF\n`;
    const r = verify(Buffer.concat([signed, Buffer.from(forged, "latin1")]), pki);
    expect(r.signatures[0]?.status).toBe("TOTAL_FAILED");
    expect(notAllowed(r)).toMatch(/repaired_structure/);
    expect(notAllowed(r)).toMatch(/content/);
  });

  it("reveals an object hidden in the signed bytes that a repairing reader would show (shadow attack through repair)", async () => {
    const { content } = targetsOf(signed);
    // Before signing: a second definition of the page content's object, listed by no xref.
    const hidden = `<< /Hidden true >>\nendobj\n${content} 0 obj\n${stream("BT /F1 10 Tf 10 100 Td (pay the contractor Rs 9,00,00,000) Tj ET")}`;
    const prepared = await appendUpdate(base, new Map([[900, hidden]]));
    const victim = await signPdf(prepared, pki, { fieldName: "Approver" });
    expect(verify(victim, pki).signatures[0]?.status).toBe("TOTAL_PASSED");
    // After signing: an update whose startxref leads nowhere, so readers rebuild the xref and the hidden object wins.
    const attacked = Buffer.concat([victim, Buffer.from("\n950 0 obj\n<< >>\nendobj\nstartxref\n99999999\n%%EOF\n", "latin1")]);
    const r = verify(attacked, pki);
    expect(r.signatures[0]?.status).toBe("TOTAL_FAILED");
    expect(notAllowed(r)).toMatch(/shadow: object \d+ now points at bytes already in the file/);
  });
});
