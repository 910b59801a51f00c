import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatReport } from "../../src/verification/formatReport.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { makePdf, signPdf } from "../helpers/testSigner.js";
import { verify } from "./fixtures.js";

/** A corrupted signed file says what is broken, in words, instead of "the document has no signatures". */
let pki: TestPki;
let signed: Buffer;
let text: string;

beforeAll(async () => {
  pki = makeTestPki();
  signed = await signPdf(await makePdf(), pki, { fieldName: "Approver" });
  text = signed.toString("latin1");
});
afterAll(() => pki.cleanup());

describe("a damaged signed file", () => {
  it.each([
    ["inside the signature's /Contents", () => text.indexOf("/Contents <") + 3000],
    ["after the signature's objects, before its xref", () => text.lastIndexOf("\nxref")],
    ["ten bytes before the end", () => signed.length - 10],
  ])("cut %s: says the file is truncated and where the signature is", (_name, cutAt) => {
    const r = verify(signed.subarray(0, cutAt()), pki);
    expect(r.status).toBe("TOTAL_FAILED");
    expect(r.subIndication).toBe("FORMAT_FAILURE");
    expect(r.statusReason).toMatch(/^the file appears truncated \(cut short\): a signature dictionary \(\/ByteRange at byte \d+\) lies in the \d+ bytes after the last complete revision/);
    expect(r.statusReason).not.toContain("no signatures");
    expect(r.damage).toEqual([r.statusReason]);
    expect(formatReport(r)).toContain("appears truncated");
  });

  it("with damaged /Contents hex: names the object and the byte that does not parse", () => {
    const at = text.indexOf("/Contents <") + 200;
    const r = verify(Buffer.from(`${text.slice(0, at)}zz${text.slice(at + 2)}`, "latin1"), pki);
    expect(r.signatures[0]?.status).toBe("TOTAL_FAILED");
    expect(r.statusReason).toMatch(/^Approver: the signature field's \/V is not a readable signature dictionary: object \d+ at byte \d+ does not parse: bad character in hex string at byte \d+ \(the file is damaged there\)$/);
  });

  it("with a /ByteRange past the end of the file: says the file was cut short or the range is wrong", () => {
    const m = /\/ByteRange \[0 (\d+) (\d+) (\d+)\]/.exec(text) as RegExpExecArray;
    const longer = `/ByteRange [0 ${m[1]} ${m[2]} ${String(Number(m[3]) + 5000).padStart((m[3] as string).length, "0")}]`;
    const r = verify(Buffer.from(text.replace(m[0], longer), "latin1"), pki);
    expect(r.signatures[0]?.problems).toContain(`/ByteRange reaches byte ${signed.length + 5000}, past the end of the file (${signed.length} bytes): the file was cut short after signing, or its ByteRange is wrong`);
  });

  it("whose form and page no longer lead to the signature: says a signature dictionary is unreachable", () => {
    // Same length, so every offset still holds: the catalog's /AcroForm and the page's /Annots renamed.
    const broken = Buffer.from(text.replace(/\/AcroForm/g, "/AcroFurm").replace(/\/Annots/g, "/Annotz"), "latin1");
    const r = verify(broken, pki);
    expect(r.signatureCount).toBe(0);
    expect(r.status).toBe("TOTAL_FAILED");
    expect(r.statusReason).toMatch(/^the file holds a signature dictionary \(\/ByteRange at byte \d+\) that no signature field of the document leads to: its form or page structure is damaged$/);
  });

  it("an unsigned, undamaged file still says it has no signatures", async () => {
    const r = verify(await makePdf(), pki);
    expect(r).toMatchObject({ status: "INDETERMINATE", subIndication: "NO_SIGNATURE", damage: [] });
  });
});
