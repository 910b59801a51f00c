import { createPrivateKey, sign as nodeSign, X509Certificate } from "node:crypto";
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDss, readPdfStructure } from "../../src/pdf/index.js";
import { RevocationSource } from "../../src/pki/index.js";
import { completeSigning, prepareSigning, signDocument, SigningSessionStore } from "../../src/signing/index.js";
import { FsObjectStore } from "../../src/store/index.js";
import { verifyPdf } from "../../src/verification/index.js";
import { certsDev, DEV_P12_PASSWORD, devKey, devOfficer, serveDevTsa } from "../helpers/devSigning.js";
import { haveTool, pdfsig, qpdfCheck, trustingNssDb } from "../helpers/interopTools.js";
import { openTestDatabase, type TestDatabase } from "../helpers/testDatabase.js";

/** The signing sessions' database (their prepared PDFs go to each test's store). */
let sessionDb: TestDatabase;
beforeAll(async () => {
  sessionDb = await openTestDatabase();
});
afterAll(() => sessionDb.close());

// PAdES B-LT: mohar puts the chain's CRLs into the /DSS of the signature's own update, so its
// signatures verify as TOTAL_PASSED offline while each one still covers the whole document.
const run = promisify(execFile);
const tools = (await haveTool("pdfsig")) && (await haveTool("qpdf")) && (await haveTool("certutil"));
let nssDir: string;
const revocation = RevocationSource.fromDir(path.join(certsDev, "crl"));
const pem = (f: string): Promise<string> => fs.readFile(path.join(certsDev, f), "utf8");
const der = async (f: string): Promise<Buffer> => Buffer.from(new X509Certificate(await pem(f)).raw);

async function anchors(): Promise<X509Certificate[]> {
  return [new X509Certificate(await pem("root.pem"))];
}

async function expectAllPassed(pdf: Buffer, count: number): Promise<void> {
  const report = verifyPdf(pdf, { trustAnchors: await anchors() });
  expect(report.signatures).toHaveLength(count);
  for (const s of report.signatures) {
    expect(s.status, `${s.fieldName}: ${s.statusReason}`).toBe("TOTAL_PASSED");
    expect(s.revocation).toMatchObject({ status: "good", source: "crl:dss" });
    expect(s.changesAfter.every((c) => c.classification === "allowed"), JSON.stringify(s.changesAfter)).toBe(true);
  }
  expect(report.status).toBe("TOTAL_PASSED");
  expect(report.lastRevisionCovered).toBe(true);
  const sigs = await pdfsig(pdf, { nssDir });
  expect(sigs).toHaveLength(count);
  sigs.forEach((s, i) => {
    expect(s.signatureValid, s.raw).toBe(true);
    expect(s.certificateTrusted, s.raw).toBe(true);
    expect(s.coversWholeDocument, s.raw).toBe(i === count - 1);
  });
  const check = await qpdfCheck(pdf);
  expect(check).toContain("No syntax or stream encoding errors found");
  expect(check).not.toMatch(/WARNING/i);
}

/** The /DSS of the newest revision, as base64 strings for set comparisons. */
function dssOf(pdf: Buffer): { certs: string[]; crls: string[] } {
  const revs = readPdfStructure(pdf).revisions;
  const d = readDss(revs[revs.length - 1]!);
  return { certs: d.certs.map((b) => b.toString("base64")), crls: d.crls.map((b) => b.toString("base64")) };
}

describe.skipIf(!tools)("signatures with embedded revocation data (B-LT)", () => {
  let tsa: Awaited<ReturnType<typeof serveDevTsa>>;
  let dir: string;
  beforeAll(async () => {
    tsa = await serveDevTsa();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-ltv-"));
    nssDir = await trustingNssDb(await pem("root.pem"));
  });
  afterAll(async () => {
    await tsa?.close();
    await fs.rm(dir, { recursive: true, force: true });
    if (nssDir) await fs.rm(nssDir, { recursive: true, force: true });
  });

  it("signs a notesheet in turn for three officers, the third timestamped: every signature TOTAL_PASSED, the /DSS only grows", async () => {
    const crls = (await Promise.all(["intermediate.crl", "root.crl"].map((f) => fs.readFile(path.join(certsDev, "crl", f))))).map((b) => b.toString("base64"));
    let pdf: Buffer = await fs.readFile(path.resolve("samples/notesheet-hi.pdf"));
    let before = { certs: [] as string[], crls: [] as string[] };
    const steps = [
      { id: "rajesh-verma", page: 1 },
      { id: "anita-sharma", page: 2 },
      { id: "priya-nair", page: 3, timestamp: true },
    ];
    for (const [i, step] of steps.entries()) {
      const officer = await devOfficer(step.id);
      const signed = await signDocument({
        pdf,
        key: await devKey(officer),
        officer: officer.identity,
        page: step.page,
        rect: [360, 60, 560, 120],
        timestamp: step.timestamp,
        tsaUrl: tsa.url,
        tsaCertificates: [await der("tsa.pem"), await der("intermediate.pem")],
        revocation,
      });
      expect(signed.pdf.subarray(0, pdf.length).equals(pdf)).toBe(true);
      pdf = signed.pdf;
      await expectAllPassed(pdf, i + 1);
      const after = dssOf(pdf);
      // Both CRLs once each, never duplicated; every earlier entry kept; the new signer's certificate added.
      expect([...after.crls].sort()).toEqual([...crls].sort());
      expect(after.certs.slice(0, before.certs.length)).toEqual(before.certs);
      expect(after.certs).toContain(Buffer.from(new X509Certificate(officer.certPem).raw).toString("base64"));
      before = after;
    }
    expect(before.certs).toContain((await der("tsa.pem")).toString("base64"));
    const report = verifyPdf(pdf, { trustAnchors: await anchors() });
    expect(report.signatures[2]?.timestamp?.ok).toBe(true);
    // The earlier signatures see the later /DSS updates as allowed validation data.
    expect(report.signatures[0]?.changesAfter.map((c) => c.category)).toContain("validation_data");
  });

  it("signs a classic-xref letter twice, the first certified: both TOTAL_PASSED", async () => {
    let pdf: Buffer = await fs.readFile(path.resolve("samples/draft-letter-en-classic.pdf"));
    for (const [i, id] of ["anita-sharma", "priya-nair"].entries()) {
      const officer = await devOfficer(id);
      pdf = (await signDocument({ pdf, key: await devKey(officer), officer: officer.identity, certify: i === 0, revocation })).pdf;
      await expectAllPassed(pdf, i + 1);
    }
    expect(pdf.toString("latin1")).not.toContain("/Type /XRef");
  });

  it("completes a two-phase signature whose prepared PDF carries the chain's CRLs: TOTAL_PASSED", async () => {
    const sessions = new SigningSessionStore(await FsObjectStore.open(path.join(dir, "store")), sessionDb.db);
    const anita = await devOfficer("anita-sharma");
    const prepared = await prepareSigning(sessions, {
      pdf: await fs.readFile(path.resolve("samples/draft-letter-en.pdf")),
      certificate: Buffer.from(new X509Certificate(anita.certPem).raw),
      chain: [await der("intermediate.pem"), await der("root.pem")],
      officer: anita.identity,
      revocation,
    });
    const { stdout: keyPem } = await run("openssl", ["pkcs12", "-in", anita.p12, "-nocerts", "-nodes", "-passin", `pass:${DEV_P12_PASSWORD}`]);
    const signature = nodeSign("sha256", prepared.signedAttributes, createPrivateKey(keyPem));
    const done = await completeSigning(sessions, prepared.sessionId, { signature });
    await expectAllPassed(done.pdf, 1);
  });

  it("refuses to sign, in one go or two-phase, with a certificate the intermediate's CRL revoked", async () => {
    const revoked = await devOfficer("revoked-officer");
    const pdf = await fs.readFile(path.resolve("samples/draft-letter-en.pdf"));
    await expect(signDocument({ pdf, key: await devKey(revoked), officer: revoked.identity, revocation })).rejects.toMatchObject({
      kind: "unprocessable",
      code: "cert.revoked",
      message: expect.stringMatching(/signer's certificate CN=VIKRAM RAO.* was revoked on .* by CN=mohar Dev Sub-CA/),
    });
    const store = await FsObjectStore.open(path.join(dir, "refused"));
    const sessions = new SigningSessionStore(store, sessionDb.db);
    await expect(
      prepareSigning(sessions, {
        pdf,
        certificate: Buffer.from(new X509Certificate(revoked.certPem).raw),
        chain: [await der("intermediate.pem")],
        officer: revoked.identity,
        revocation,
      }),
    ).rejects.toMatchObject({ code: "cert.revoked" });
    expect(await store.list("signing-sessions/")).toEqual([]);
  });
});
