import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMoharError } from "../../src/errors.js";
import { inspectPdf, preparePdfSignature } from "../../src/pdf/index.js";
import { verifyPdf, type VerificationReport } from "../../src/verification/index.js";
import { encryptedSigning, encryptObjectText, qpdfEncrypt, qpdfFileKey, qpdfShowObject, type Cipher } from "../helpers/encryptedPdfs.js";
import { haveTool, pdfsig } from "../helpers/interopTools.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { appendUpdate, makePdf, signPdf } from "../helpers/testSigner.js";
import { anchorsOf, targetsOf } from "./fixtures.js";

/**
 * Encrypted PDFs (standard security handler, empty user password) are verified as DSS and pyHanko
 * verify them: strings and streams read decrypted, the signature's /Contents as it is, the
 * ByteRange hash over the file's bytes. Files: a pdf-lib sample encrypted by qpdf, signed by an
 * incremental update whose new objects the test encrypts with the key qpdf derives; poppler's
 * pdfsig checks every signed file independently.
 */
const CIPHERS: Cipher[] = ["rc4-40", "rc4-128", "aes-128", "aes-256"];
const hasTools = (await haveTool("qpdf")) && (await haveTool("pdfsig"));

let pki: TestPki;
/** Signed once, by cipher: with qpdf's object streams, and without (which pdf-lib reads, for attack updates). */
const signedWith = new Map<Cipher, Buffer>();
const signedFlat = new Map<Cipher, Buffer>();
const FLAT: Cipher[] = ["rc4-128", "aes-128", "aes-256"];

beforeAll(async () => {
  pki = makeTestPki();
  if (!hasTools) return;
  const plain = await makePdf();
  await Promise.all([
    ...CIPHERS.map(async (c) => {
      const enc = await qpdfEncrypt(plain, c);
      signedWith.set(c, await signPdf(enc, pki, { fieldName: "Approver", encrypted: await encryptedSigning(enc) }));
    }),
    ...FLAT.map(async (c) => {
      const enc = await qpdfEncrypt(plain, c, { objectStreams: false });
      signedFlat.set(c, await signPdf(enc, pki, { fieldName: "First", encrypted: await encryptedSigning(enc, { direct: true }) }));
    }),
  ]);
});
afterAll(() => pki.cleanup());

function outcome(bytes: Buffer): VerificationReport | { error: string; message: string } {
  try {
    return verifyPdf(bytes, { trustAnchors: anchorsOf(pki) });
  } catch (e) {
    if (isMoharError(e)) return { error: e.code, message: e.message };
    throw e;
  }
}

function report(bytes: Buffer): VerificationReport {
  const r = outcome(bytes);
  if ("error" in r) throw new Error(`${r.error}: ${r.message}`);
  return r;
}

const DESCRIBED: Record<Cipher, RegExp> = {
  "rc4-40": /^RC4 40-bit \(standard security handler, revision 2\)/,
  "rc4-128": /^RC4 128-bit \(standard security handler, revision 3\)/,
  "aes-128": /^AES-128 \(standard security handler, revision 4\)/,
  "aes-256": /^AES-256 \(standard security handler, revision 6\)/,
};

describe.runIf(hasTools)("signed encrypted PDFs", () => {
  it.each(CIPHERS)("verifies a signature in a %s file (with object streams), as poppler does", async (c) => {
    const signed = signedWith.get(c) as Buffer;
    const r = report(signed);
    expect(r.status, r.statusReason).toBe("TOTAL_PASSED");
    expect(r.encryption).toMatch(DESCRIBED[c]);
    expect(r.encryption).toContain("opened with the empty user password");
    // Strings read decrypted: the field name and the reason qpdf also reads.
    const s = r.signatures[0];
    expect(s).toMatchObject({ fieldName: "Approver", reason: "approved", location: "Delhi", status: "TOTAL_PASSED" });
    expect(await qpdfShowObject(signed, targetsOf(signed).signatureDict)).toContain("/Reason (approved)");
    expect(await pdfsig(signed)).toMatchObject([{ signatureValid: true, coversWholeDocument: true }]);
  });

  it.each(["rc4-128", "aes-256"] as Cipher[])("verifies two signatures in a %s file: the later revision is compared decrypted", async (c) => {
    const first = signedFlat.get(c) as Buffer;
    const both = await signPdf(first, pki, { fieldName: "Second", encrypted: await encryptedSigning(first, { direct: true }) });
    const r = report(both);
    expect(r.status, r.statusReason).toBe("TOTAL_PASSED");
    expect(r.signatures.map((s) => [s.fieldName, s.status])).toEqual([["First", "TOTAL_PASSED"], ["Second", "TOTAL_PASSED"]]);
    expect(r.signatures[0]?.changesAfter.map((x) => x.description)).toContain("signature field 'Second' added");
    expect((await pdfsig(both)).map((p) => p.signatureValid)).toEqual([true, true]);
  });

  it("fails a signed encrypted file when a signed byte changes", async () => {
    for (const c of CIPHERS) {
      const signed = Buffer.from(signedWith.get(c) as Buffer);
      // A byte of the page's (encrypted) content stream, inside the signed range.
      const at = signed.indexOf("stream", signed.indexOf(`${targetsOf(signed).content} 0 obj`), "latin1") + 12;
      signed[at] = (signed[at] as number) ^ 0x01;
      const s = report(signed).signatures[0];
      expect(s?.status, c).toBe("TOTAL_FAILED");
      expect(s?.subIndication, c).toBe("HASH_FAILURE");
    }
  });

  it("fails a signature when a later revision replaces the page content, encrypted with the file's key", async () => {
    const signed = signedFlat.get("aes-128") as Buffer;
    const { trailer } = await encryptedSigning(signed, { direct: true });
    const { content } = targetsOf(signed);
    const forged = "BT /F1 10 Tf 10 100 Td (Office order 1: pay the contractor Rs 9,00,00,000) Tj ET";
    const text = encryptObjectText(await qpdfFileKey(signed), content, `<< /Length ${forged.length} >>\nstream\n${forged}\nendstream`);
    const attacked = await appendUpdate(signed, new Map([[content, text]]), ` ${trailer}`);
    expect(await qpdfShowObject(attacked, content)).toContain("/Length");
    const r = report(attacked);
    expect(r.encryption).toMatch(/^AES-128/);
    const s = r.signatures[0];
    expect(s?.status).toBe("TOTAL_FAILED");
    expect(s?.subIndication).toBe("SIG_CONSTRAINTS_FAILURE");
    expect(s?.changesAfter.filter((x) => x.classification === "not_allowed").length).toBeGreaterThan(0);
  });

  it("refuses a file whose later revision changes the key (a new /Encrypt and /ID), since signed bytes would read differently", async () => {
    const signed = signedFlat.get("aes-128") as Buffer;
    // Another valid encryption of the same document: its /Encrypt dictionary and /ID, appended as revision 3.
    const other = (await qpdfEncrypt(await makePdf(), "aes-128", { objectStreams: false })).toString("latin1");
    const encNum = /\/Encrypt (\d+) 0 R/.exec(other)?.[1];
    const dict = new RegExp(`\\n${encNum} 0 obj\\n(<<[^]*?>>)\\nendobj`).exec(other)?.[1];
    const id = /\/ID \[[^\]]*\]/.exec(other)?.[0];
    if (!dict || !id) throw new Error("no /Encrypt in qpdf's output");
    const size = Number(/\/Size (\d+)/.exec(signed.toString("latin1").slice(-400))?.[1]);
    const changed = await appendUpdate(signed, new Map([[size, dict]]), ` /Encrypt ${size} 0 R ${id}`);
    expect(outcome(changed)).toMatchObject({ error: "pdf.unreadable", message: expect.stringContaining("revision 3 of the PDF changes its encryption") });
  });

  it("refuses a file whose later revision drops the encryption", async () => {
    const dropped = await appendUpdate(signedFlat.get("rc4-128") as Buffer, new Map());
    expect(outcome(dropped)).toMatchObject({ error: "pdf.unreadable", message: expect.stringContaining("revision 1 of the PDF is encrypted but revision 3 is not") });
  });
});

/** A startxref (the file's first or last) naming another offset of the same length, as a buggy writer leaves it. */
function misnumbered(pdf: Buffer, which: "first" | "last"): Buffer {
  const t = pdf.toString("latin1");
  const at = which === "first" ? t.indexOf("startxref") : t.lastIndexOf("startxref");
  const m = /startxref\s+(\d+)/.exec(t.slice(at)) as RegExpExecArray;
  const n = m[1] as string;
  const other = Number(n) + (n[0] === "9" ? -1 : 1) * 10 ** (n.length - 1);
  return Buffer.from(`${t.slice(0, at)}startxref\n${other}${t.slice(at + m[0].length)}`, "latin1");
}

function withoutStartxref(pdf: Buffer): Buffer {
  const t = pdf.toString("latin1");
  const at = t.lastIndexOf("startxref");
  const m = /startxref\s+\d+\s*/.exec(t.slice(at)) as RegExpExecArray;
  return Buffer.from(t.slice(0, at) + t.slice(at + m[0].length), "latin1");
}

const REPAIRED = /^revision \d+ \(ending at byte \d+\): .*; its objects were found by scanning the file for "N G obj"/;

describe.runIf(hasTools)("signed encrypted PDFs whose cross-reference data is damaged", () => {
  it("verifies an RC4 file without a startxref in the signed revision, decrypting the scanned objects, as poppler does", async () => {
    const enc = await qpdfEncrypt(await makePdf(), "rc4-40");
    const pdf = await signPdf(enc, pki, { fieldName: "Approver", encrypted: await encryptedSigning(enc), damage: withoutStartxref });
    const r = report(pdf);
    expect(r.status, r.statusReason).toBe("TOTAL_PASSED");
    expect(r.encryption).toMatch(DESCRIBED["rc4-40"]);
    expect(r.repairs).toEqual([expect.stringMatching(REPAIRED)]);
    expect(r.signatures[0]).toMatchObject({ fieldName: "Approver", reason: "approved", location: "Delhi" });
    expect(await pdfsig(pdf)).toMatchObject([{ signatureValid: true, coversWholeDocument: true }]);
  });

  it("lists the objects of encrypted object streams when every revision up to the signed one is rebuilt (decrypted with the file's key)", async () => {
    const enc = await qpdfEncrypt(await makePdf(), "aes-128");
    const base = await encryptedSigning(enc);
    // Both the original's and the signing update's startxref are wrong; a later writer found the xref again.
    const signed = await signPdf(enc, pki, { fieldName: "Approver", encrypted: base, damage: (p) => misnumbered(misnumbered(p, "first"), "last") });
    const t = signed.toString("latin1");
    const wrong = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(t)?.[1] as string;
    const later = (await appendUpdate(signed, new Map(), ` ${base.trailer}`, base.readFrom)).toString("latin1").replace(`/Prev ${wrong} `, `/Prev ${t.lastIndexOf("\nxref\n") + 1} `);
    const r = report(Buffer.from(later, "latin1"));
    expect(r.repairs.map((x) => x.slice(0, 11))).toEqual(["revision 1 ", "revision 2 "]);
    // The page tree, fonts and resources sit in qpdf's encrypted object stream: read, the update changes nothing.
    expect(r.status, r.statusReason).toBe("TOTAL_PASSED");
    expect(r.signatures[0]).toMatchObject({ revision: { index: 2 }, status: "TOTAL_PASSED", changesAfter: [] });
    expect(await pdfsig(Buffer.from(later, "latin1"))).toMatchObject([{ signatureValid: true }]);
  });

  it("never accepts a damaged update after a signature in an encrypted file", async () => {
    const signed = signedFlat.get("aes-128") as Buffer;
    const { trailer } = await encryptedSigning(signed, { direct: true });
    const { content } = targetsOf(signed);
    const forged = "BT /F1 10 Tf 10 100 Td (Office order 1: pay the contractor Rs 9,00,00,000) Tj ET";
    const text = encryptObjectText(await qpdfFileKey(signed), content, `<< /Length ${forged.length} >>\nstream\n${forged}\nendstream`);
    const attacked = withoutStartxref(await appendUpdate(signed, new Map([[content, text]]), ` ${trailer}`));
    const r = report(attacked);
    expect(r.repairs).toEqual([expect.stringMatching(/^revision 3 /)]);
    const s = r.signatures[0];
    expect(s?.status).toBe("TOTAL_FAILED");
    const said = s?.changesAfter.filter((x) => x.classification === "not_allowed").map((x) => `${x.category}: ${x.description}`).join("; ");
    expect(said).toMatch(/repaired_structure: the update made after signing has damaged cross-reference data/);
    expect(said).toMatch(/content/);
  });
});

describe.runIf(hasTools)("encrypted PDFs mohar cannot open", () => {
  it.each(["rc4-128", "aes-128", "aes-256"] as Cipher[])("answers pdf.password_required for a %s file with a user password", async (c) => {
    const locked = await qpdfEncrypt(await makePdf(), c, { userPassword: "s3cret" });
    expect(outcome(locked)).toMatchObject({ error: "pdf.password_required", message: expect.stringContaining("protected by a password") });
  });

  it("refuses to store or sign an encrypted PDF that opens without a password, saying why (it verifies it)", async () => {
    const enc = await qpdfEncrypt(await makePdf(), "aes-256");
    const why = /would have to encrypt its strings and streams with the document's key/;
    await expect(inspectPdf(enc)).rejects.toMatchObject({ kind: "unprocessable", code: "pdf.encrypted", message: expect.stringMatching(why) });
    await expect(preparePdfSignature(enc, { signingTime: new Date() })).rejects.toMatchObject({ kind: "unprocessable", code: "pdf.encrypted", message: expect.stringMatching(why) });
    expect(report(enc)).toMatchObject({ subIndication: "NO_SIGNATURE", encryption: expect.stringMatching(DESCRIBED["aes-256"]) });
  });

  it("answers pdf.encrypted, naming the handler, for a security handler other than the standard one", async () => {
    const enc = await qpdfEncrypt(await makePdf(), "aes-256");
    const other = Buffer.from(enc.toString("latin1").replace("/Filter /Standard", "/Filter /PubSecXY"), "latin1");
    expect(outcome(other)).toMatchObject({ error: "pdf.encrypted", message: expect.stringContaining("/PubSecXY") });
  });
});
