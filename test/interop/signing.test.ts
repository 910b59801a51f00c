import { createPrivateKey, sign as nodeSign, X509Certificate } from "node:crypto";
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparePdfSignature, signedBytesOf } from "../../src/pdf/index.js";
import { parseCms, parseTimestampToken, RevocationSource } from "../../src/pki/index.js";
import { createDevTsa } from "../../src/pki/dev/index.js";
import { verifyPdf } from "../../src/verification/index.js";
import { completeSigning, prepareSigning, signDocument, SigningSessionStore, type SignatureRequest } from "../../src/signing/index.js";
import { FsObjectStore } from "../../src/store/index.js";
import { devKey, devOfficer, lastSignatureCms, serveDevTsa, certsDev, DEV_P12_PASSWORD } from "../helpers/devSigning.js";
import { haveTool, pdfsig, qpdfCheck, trustingNssDb } from "../helpers/interopTools.js";
import { openTestDatabase, type TestDatabase } from "../helpers/testDatabase.js";

/** The signing sessions' database (their prepared PDFs go to each test's store). */
let sessionDb: TestDatabase;
beforeAll(async () => {
  sessionDb = await openTestDatabase();
});
afterAll(() => sessionDb.close());

// mohar's signing use case end to end, checked by poppler's pdfsig against the dev root (an NSS
// database made with certutil) and by qpdf.
const run = promisify(execFile);
const tools = (await haveTool("pdfsig")) && (await haveTool("qpdf")) && (await haveTool("certutil"));
let nssDir: string;
const LETTER_BOX: [number, number, number, number] = [340, 150, 530, 214];

async function sample(name: string, classic: boolean): Promise<Buffer> {
  const pdf = await fs.readFile(path.resolve("samples", name));
  if (!classic) return pdf;
  // An unsigned draft may be re-saved freely; this gives the classic-xref form of the sample.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

async function expectValidChain(pdf: Buffer, count: number): Promise<void> {
  const sigs = await pdfsig(pdf, { nssDir });
  expect(sigs).toHaveLength(count);
  sigs.forEach((s, i) => {
    expect(s.signatureValid, s.raw).toBe(true);
    expect(s.certificateTrusted, s.raw).toBe(true);
    expect(s.subFilter).toBe("ETSI.CAdES.detached");
    expect(s.coversWholeDocument, s.raw).toBe(i === count - 1);
  });
  const check = await qpdfCheck(pdf);
  expect(check).toContain("No syntax or stream encoding errors found");
  expect(check).not.toMatch(/WARNING/i);
}

/** Bytes of DER the newest signature's /Contents placeholder holds. */
function gap(pdf: Buffer): number {
  const all = [...pdf.toString("latin1").matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const m = all[all.length - 1]!;
  return (Number(m[3]) - Number(m[2]) - 2) / 2;
}

/** The in-thread preparer, counting how often a signature's update is prepared. */
function countingPreparer(): { preparePdf: NonNullable<SignatureRequest["preparePdf"]>; prepared: () => number } {
  let count = 0;
  return {
    preparePdf: (pdf, options) => {
      count++;
      return preparePdfSignature(pdf, options);
    },
    prepared: () => count,
  };
}

describe.skipIf(!tools)("signing with officers' certificates, checked by pdfsig and qpdf", () => {
  let tsa: Awaited<ReturnType<typeof serveDevTsa>>;
  let dir: string;
  beforeAll(async () => {
    tsa = await serveDevTsa();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-signing-"));
    nssDir = await trustingNssDb(await fs.readFile(path.join(certsDev, "root.pem"), "utf8"));
  });
  afterAll(async () => {
    await tsa?.close();
    await fs.rm(dir, { recursive: true, force: true });
    if (nssDir) await fs.rm(nssDir, { recursive: true, force: true });
  });

  for (const classic of [false, true]) {
    const layout = classic ? "classic xref" : "xref stream + object streams";

    it(`signs a letter for one officer, certified and visible (${layout})`, async () => {
      const anita = await devOfficer("anita-sharma");
      const { pdf, signature } = await signDocument({
        pdf: await sample("draft-letter-en.pdf", classic),
        key: await devKey(anita),
        officer: anita.identity,
        reason: "Issued",
        location: "Secretariat",
        page: 1,
        rect: LETTER_BOX,
        certify: true,
      });
      await expectValidChain(pdf, 1);
      expect(signature.fieldName).toBe("Signature1");
      expect(signature.certificate.serialHex).toBe(new X509Certificate(anita.certPem).serialNumber.toLowerCase().replace(/^(00)+/, ""));
      expect(signature.certificate.subject).toContain("ANITA SHARMA");
      await fs.writeFile(path.join(dir, `letter-${classic ? "classic" : "xrefstream"}.pdf`), pdf);
    });

    it(`signs a notesheet in turn for three officers, the third with a timestamp (${layout})`, async () => {
      const chain: { id: string; req: Partial<SignatureRequest> }[] = [
        { id: "rajesh-verma", req: { reason: "Put up for approval", page: 1, rect: [360, 60, 560, 120] } },
        { id: "anita-sharma", req: { reason: "Recommended", page: 2, rect: [360, 60, 560, 120] } },
        { id: "priya-nair", req: { reason: "Approved", page: 3, rect: [360, 60, 560, 120], timestamp: true, tsaUrl: tsa.url } },
      ];
      let pdf = await sample("notesheet-en.pdf", classic);
      for (const [i, step] of chain.entries()) {
        const officer = await devOfficer(step.id);
        const before = pdf;
        const signed = await signDocument({ pdf, key: await devKey(officer), officer: officer.identity, ...step.req });
        pdf = signed.pdf;
        expect(pdf.subarray(0, before.length).equals(before)).toBe(true);
        expect(signed.signature.fieldName).toBe(`Signature${i + 1}`);
        await expectValidChain(pdf, i + 1);
      }
      // mohar's own verifier agrees: every signature intact and trusted, later revisions only add signatures.
      const root = new X509Certificate(await fs.readFile(path.join(certsDev, "root.pem")));
      const report = verifyPdf(pdf, { trustAnchors: [root] });
      expect(report.signatures).toHaveLength(3);
      for (const s of report.signatures) {
        expect(s.integrity).toMatchObject({ byteRangeOk: true, digestOk: true, signatureOk: true, essCertificateOk: true });
        expect(s.certificate).toMatchObject({ chainOk: true, trusted: true, keyUsageOk: true });
        expect(s.changesAfter.every((c) => c.classification === "allowed"), JSON.stringify(s.changesAfter)).toBe(true);
      }
      expect(report.signatures[2]!.timestamp?.ok).toBe(true);
      const cms = parseCms(lastSignatureCms(pdf));
      expect(cms.timestampToken).not.toBeNull();
      const ts = parseTimestampToken(cms.timestampToken!);
      expect(Math.abs(ts.genTime.getTime() - Date.now())).toBeLessThan(60_000);
      await fs.writeFile(path.join(dir, `notesheet-${classic ? "classic" : "xrefstream"}.pdf`), pdf);
    });
  }

  it("sizes /Contents to the CMS the key makes (a timestamp allowed for), and prepares once more when a CMS outgrows it (#16)", async () => {
    const letter = await sample("draft-letter-en.pdf", false);
    const anita = await devOfficer("anita-sharma");
    const key = await devKey(anita);
    const { preparePdf, prepared } = countingPreparer();
    const plain = await signDocument({ pdf: letter, key, officer: anita.identity, preparePdf });
    const plainCms = lastSignatureCms(plain.pdf).length;
    // An RSA-2048 signature with a two-certificate chain is about 5 KB: the room is that, not a fixed 24 KiB.
    expect(gap(plain.pdf)).toBeGreaterThanOrEqual(plainCms);
    expect(gap(plain.pdf)).toBeLessThan(plainCms + 256);
    const priya = await devOfficer("priya-nair");
    const stamped = await signDocument({ pdf: plain.pdf, key: await devKey(priya), officer: priya.identity, timestamp: true, tsaUrl: tsa.url, preparePdf });
    const stampedCms = lastSignatureCms(stamped.pdf);
    expect(parseCms(stampedCms).timestampToken).not.toBeNull();
    expect(gap(stamped.pdf)).toBeGreaterThanOrEqual(stampedCms.length);
    expect(gap(stamped.pdf)).toBeLessThan(plainCms + 10 * 1024);
    expect(prepared()).toBe(2);
    await expectValidChain(stamped.pdf, 2);

    // The chain grows after the key's CMS was measured: the first placeholder is too small, so the
    // update is prepared again with room for the CMS, and the signature is whole.
    key.chain.push(...Array.from({ length: 8 }, () => key.chain[key.chain.length - 1]!));
    const grown = await signDocument({ pdf: stamped.pdf, key, officer: anita.identity, preparePdf });
    expect(prepared()).toBe(4);
    expect(lastSignatureCms(grown.pdf).length).toBeGreaterThan(gap(plain.pdf));
    expect(grown.pdf.subarray(0, stamped.pdf.length).equals(stamped.pdf)).toBe(true);
    // (NSS does not accept a chain repeating a certificate: only the signature itself is checked by pdfsig.)
    const sigs = await pdfsig(grown.pdf, { nssDir });
    expect(sigs.map((x) => x.signatureValid)).toEqual([true, true, true]);
    expect(await qpdfCheck(grown.pdf)).toContain("No syntax or stream encoding errors found");
    const report = verifyPdf(grown.pdf, { trustAnchors: [new X509Certificate(await fs.readFile(path.join(certsDev, "root.pem")))] });
    for (const s of report.signatures) expect(s.integrity).toMatchObject({ byteRangeOk: true, digestOk: true, signatureOk: true });
  });

  it("a timestamp token longer than allowed for: prepared once more with the token counted once, and that TSA's next signature prepared and timestamped once; tokens that vary by a certificate or more still fit (#16)", async () => {
    const read = (f: string): Promise<string> => fs.readFile(path.join(certsDev, f), "utf8");
    const [certPem, keyPem, intermediate] = await Promise.all([read("tsa.pem"), read("tsa.key.pem"), read("intermediate.pem")]);
    // A TSA that puts more certificates into its tokens, request by request (1,355 bytes each):
    // eight (about 12 KB, beyond the 8 KiB allowed for), later more.
    const certsPerRequest = [8, 8, 8, 10, 11, 14, 18, 18];
    const tsas = new Map(certsPerRequest.map((n) => [n, createDevTsa({ certPem, keyPem, chainPem: intermediate.repeat(n) })]));
    let requests = 0;
    const bigTsa = await serveDevTsa({ ...tsas.get(8)!, respond: (req) => tsas.get(certsPerRequest[requests++]!)!.respond(req) });
    try {
      const anita = await devOfficer("anita-sharma");
      const key = await devKey(anita);
      const { preparePdf, prepared } = countingPreparer();
      const sign = (pdf: Buffer): ReturnType<typeof signDocument> => signDocument({ pdf, key, officer: anita.identity, timestamp: true, tsaUrl: bigTsa.url, preparePdf });
      const first = await sign(await sample("draft-letter-en.pdf", false));
      const cms = lastSignatureCms(first.pdf);
      const token = parseCms(cms).timestampToken!.length;
      expect(token).toBeGreaterThan(8 * 1024);
      expect([prepared(), bigTsa.requests()]).toEqual([2, 2]);
      // Room for the CMS just made, which holds its token: not the token's room again on top, a tenth of it
      // for a later token's more bytes (and 64 of slack, rounded to 64).
      expect(gap(first.pdf)).toBeGreaterThanOrEqual(cms.length + token / 10);
      expect(gap(first.pdf)).toBeLessThan(cms.length + token / 10 + 128);
      // The TSA's next signature has room for its tokens from the start.
      const second = await sign(first.pdf);
      expect([prepared(), bigTsa.requests()]).toEqual([3, 3]);
      expect(gap(second.pdf) - lastSignatureCms(second.pdf).length).toBeLessThan(token / 10 + 128);
      // Two certificates more than remembered: prepared again, and the retry's token, one more
      // certificate again (far beyond 256 bytes, within a tenth), fits.
      const third = await sign(second.pdf);
      expect([prepared(), bigTsa.requests()]).toEqual([5, 5]);
      // Four more, and on the retry four more again (beyond a tenth): a third preparation.
      const fourth = await sign(third.pdf);
      expect([prepared(), bigTsa.requests()]).toEqual([8, 8]);
      expect(parseCms(lastSignatureCms(fourth.pdf)).timestampToken!.length).toBe(token + 10 * 1355);
      const report = verifyPdf(fourth.pdf, { trustAnchors: [new X509Certificate(await read("root.pem"))] });
      expect(report.signatures.map((s) => s.integrity)).toEqual([1, 2, 3, 4].map(() => expect.objectContaining({ byteRangeOk: true, digestOk: true, signatureOk: true })));
    } finally {
      await bigTsa.close();
    }
  });

  it("completes a two-phase signature made outside mohar's keystore (Node crypto with the officer's own key)", async () => {
    const store = await FsObjectStore.open(path.join(dir, "store"));
    const sessions = new SigningSessionStore(store, sessionDb.db);
    const priya = await devOfficer("priya-nair");
    const chainPem = await fs.readFile(path.join(certsDev, "intermediate.pem"), "utf8");
    const prepared = await prepareSigning(sessions, {
      pdf: await sample("notesheet-hi.pdf", false),
      certificate: Buffer.from(new X509Certificate(priya.certPem).raw),
      chain: [Buffer.from(new X509Certificate(chainPem).raw)],
      officer: priya.identity,
      reason: "Approved",
      page: 3,
      rect: [360, 60, 560, 120],
      timestamp: true,
      tsaUrl: tsa.url,
    });
    // The "USB token": the officer's key taken straight out of the PKCS#12 by openssl.
    const { stdout: keyPem } = await run("openssl", ["pkcs12", "-in", priya.p12, "-nocerts", "-nodes", "-passin", `pass:${DEV_P12_PASSWORD}`]);
    const signature = nodeSign("sha256", prepared.signedAttributes, createPrivateKey(keyPem));
    const done = await completeSigning(sessions, prepared.sessionId, { signature });
    await expectValidChain(done.pdf, 1);
    expect(done.signature.timestamped).toBe(true);
    expect(parseCms(lastSignatureCms(done.pdf)).timestampToken).not.toBeNull();
    await expect(completeSigning(sessions, prepared.sessionId, { signature })).rejects.toMatchObject({ kind: "conflict" });
  });

  it("completes with a whole CMS from openssl cms -cades (chain added from the session), and refuses one without the ESS attribute", async () => {
    const store = await FsObjectStore.open(path.join(dir, "store-cms"));
    const sessions = new SigningSessionStore(store, sessionDb.db);
    const anita = await devOfficer("anita-sharma");
    const key = await devKey(anita);
    const prepared = await prepareSigning(sessions, {
      pdf: await sample("draft-letter-en.pdf", false),
      certificate: key.certificate,
      chain: key.chain,
      officer: anita.identity,
      reason: "Approved",
      revocation: RevocationSource.fromDir(path.join(certsDev, "crl")),
    });
    const session = await sessions.load(prepared.sessionId);
    const { stdout: keyPem } = await run("openssl", ["pkcs12", "-in", anita.p12, "-nocerts", "-nodes", "-passin", `pass:${DEV_P12_PASSWORD}`]);
    await fs.writeFile(path.join(dir, "anita.key"), keyPem, { mode: 0o600 });
    await fs.writeFile(path.join(dir, "anita.pem"), anita.certPem);
    await fs.writeFile(path.join(dir, "signed.bin"), signedBytesOf(session.preparedPdf, session.byteRange));
    const opensslCms = async (cades: boolean): Promise<Buffer> => {
      const out = path.join(dir, `ext-${cades}.p7s`);
      await run("openssl", ["cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER", "-in", path.join(dir, "signed.bin"),
        "-signer", path.join(dir, "anita.pem"), "-inkey", path.join(dir, "anita.key"), "-out", out, ...(cades ? ["-cades"] : [])]);
      return fs.readFile(out);
    };
    // Without -cades there is no signing-certificate-v2: the stored signature would fail PAdES validation.
    await expect(completeSigning(sessions, prepared.sessionId, { cms: await opensslCms(false) })).rejects.toMatchObject({ code: "cms.not_pades" });
    const done = await completeSigning(sessions, prepared.sessionId, { cms: await opensslCms(true) });
    // openssl put in only the signer's certificate; the session's chain was added, less the root
    // that the update's /DSS carries (#16).
    const root = new X509Certificate(await fs.readFile(path.join(certsDev, "root.pem"))).raw;
    const carried = parseCms(lastSignatureCms(done.pdf)).certificates;
    expect(carried).toHaveLength(key.chain.length);
    expect(carried.some((c) => c.equals(root))).toBe(false);
    await expectValidChain(done.pdf, 1);
    const report = verifyPdf(done.pdf, { trustAnchors: [new X509Certificate(await fs.readFile(path.join(certsDev, "root.pem")))] });
    expect(report.signatures[0]).toMatchObject({ status: "TOTAL_PASSED", integrity: { essCertificateOk: true }, certificate: { trusted: true } });
  });
});
