import { execFile } from "node:child_process";
import { createPrivateKey, webcrypto, X509Certificate } from "node:crypto";
import { promisify } from "node:util";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RevocationSource, signingKeyFromKeyObject, toPem, certificateToPem } from "../../src/pki/index.js";
import { createDevTsa, issueCertificate, issueCrl, type DevTsa } from "../../src/pki/dev/index.js";
import { addDocumentTimestamp, dueForTimestamp, newestTimestamp, signDocument } from "../../src/signing/index.js";
import { verifyPdf } from "../../src/verification/index.js";
import { certsDev, lastSignatureCms, serveDevTsa } from "../helpers/devSigning.js";
import { openssl } from "../helpers/openssl.js";
import { haveTool, pdfsig, qpdfCheck } from "../helpers/interopTools.js";
import { makePdf } from "../helpers/pdfs.js";
import { openTestDatabase } from "../helpers/testDatabase.js";
import { logFixture } from "../audit/fixtures.js";
import { Vault } from "../../src/vault/index.js";
import { retimestampVault } from "../../src/ltvJob.js";
import { TargetPolicy, WebhookService } from "../../src/webhooks/index.js";

const run = promisify(execFile);
const DAY = 24 * 60 * 60 * 1000;
/** The time everything is made at; real time, so pdfsig (which validates at its own now) agrees. */
const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
const after = (days: number): Date => new Date(t0.getTime() + days * DAY);

type Issuer = { certificate: Buffer; privateKey: webcrypto.CryptoKey };
const ecKeys = async (): Promise<webcrypto.CryptoKeyPair> => (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
const pkcs8Pem = async (k: webcrypto.CryptoKey): Promise<string> => toPem(Buffer.from(await webcrypto.subtle.exportKey("pkcs8", k)), "PRIVATE KEY");

/** A TSA whose certificate (from `root`) expires `days` after t0, stamping at `clock()`. */
async function shortTsa(root: Issuer, name: string, days: number, clock: () => Date): Promise<DevTsa> {
  const keys = await ecKeys();
  const cert = await issueCertificate({
    subject: { commonName: name, organization: "mohar B-LTA test" },
    publicKey: keys.publicKey,
    issuer: root,
    notBefore: after(-1),
    notAfter: after(days),
    keyUsage: ["digitalSignature"],
    extendedKeyUsage: { purposes: ["1.3.6.1.5.5.7.3.8"], critical: true },
  });
  return createDevTsa({ certPem: certificateToPem(cert), keyPem: await pkcs8Pem(keys.privateKey), chainPem: certificateToPem(root.certificate), now: clock });
}

describe("document timestamps (PAdES B-LTA)", () => {
  let rootDer: Buffer;
  let anchors: X509Certificate[];
  let signedOnly: Buffer;
  let archived: Buffer;
  let stampedAt: Date;
  let stampWithArchiveTsa: (pdf: Buffer, at?: Date) => ReturnType<typeof addDocumentTimestamp>;
  let signNow: (pdf: Buffer) => Promise<Buffer>;
  const servers: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    const rootKeys = await ecKeys();
    rootDer = await issueCertificate({
      subject: { commonName: "B-LTA Test Root", organization: "mohar B-LTA test" },
      publicKey: rootKeys.publicKey,
      selfSignKey: rootKeys.privateKey,
      notBefore: after(-2),
      notAfter: after(20 * 365),
      ca: {},
      keyUsage: ["keyCertSign", "cRLSign"],
    });
    const root = { certificate: rootDer, privateKey: rootKeys.privateKey };
    anchors = [new X509Certificate(rootDer)];
    // The signer's certificate expires after 30 days, the first TSA's after 60.
    const signerKeys = await ecKeys();
    const signerCert = await issueCertificate({
      subject: { commonName: "SHORT-LIVED OFFICER", organization: "mohar B-LTA test" },
      publicKey: signerKeys.publicKey,
      issuer: root,
      notBefore: after(-1),
      notAfter: after(30),
      keyUsage: ["digitalSignature", "nonRepudiation"],
    });
    const crl = issueCrl({ issuer: root, thisUpdate: after(-1), nextUpdate: after(365), crlNumber: 1, revoked: [] });
    const revocation = new RevocationSource([crl]);
    const tsa1 = await serveDevTsa(await shortTsa(root, "First TSA", 60, () => t0));
    stampedAt = after(1);
    const tsa2Cert = await shortTsa(root, "Archive TSA", 10 * 365, () => stampedAt);
    const tsa2 = await serveDevTsa(tsa2Cert);
    servers.push(tsa1, tsa2);

    const key = signingKeyFromKeyObject({ officerId: "o1", privateKey: createPrivateKey({ key: Buffer.from(await webcrypto.subtle.exportKey("pkcs8", signerKeys.privateKey)), format: "der", type: "pkcs8" }), certificate: signerCert, chain: [rootDer] });
    signNow = async (pdf) => (await signDocument({ pdf, key, officer: { officerId: "o1", name: "Short-lived Officer" }, timestamp: true, tsaUrl: tsa1.url, revocation, now: t0 })).pdf;
    signedOnly = await signNow(await makePdf());
    stampWithArchiveTsa = (pdf, at = stampedAt) => addDocumentTimestamp({ pdf, tsaUrl: tsa2.url, tsaCertificates: [tsa2Cert.certificate, ...tsa2Cert.chain], revocation, now: at });
    const stamped = await stampWithArchiveTsa(signedOnly);
    expect(stamped.covered).toBe(1);
    archived = stamped.pdf;
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("appends a /DocTimeStamp that verifies TOTAL_PASSED, leaving the signature unbroken", async () => {
    expect(archived.subarray(0, signedOnly.length).equals(signedOnly)).toBe(true);
    const r = verifyPdf(archived, { trustAnchors: anchors, now: after(2) });
    expect(r.signatures.map((s) => [s.kind, s.status, s.statusReason])).toEqual([
      ["signature", "TOTAL_PASSED", expect.any(String)],
      ["document_timestamp", "TOTAL_PASSED", expect.any(String)],
    ]);
    expect(r.status).toBe("TOTAL_PASSED");
    expect(r.lastRevisionCovered).toBe(true);
    expect(r.signatures[1]).toMatchObject({ subFilter: "ETSI.RFC3161", timestamp: { genTime: stampedAt.toISOString(), ok: true } });
    // The /DSS written with the timestamp carries the earlier signature's chain and CRL.
    expect(archived.toString("latin1", signedOnly.length)).toMatch(/\/DSS/);
  });

  it("is checked by poppler (pdfsig), openssl ts -verify and qpdf --check", async () => {
    if (!(await haveTool("pdfsig")) || !(await haveTool("qpdf")) || !(await haveTool("openssl"))) return;
    const sigs = await pdfsig(archived);
    expect(sigs).toHaveLength(2);
    // The earlier signature is unbroken; poppler 22.12 lists the document timestamp (its TSA, the
    // whole document covered) but does not check ETSI.RFC3161 tokens, so openssl checks that one.
    expect(sigs[0]).toMatchObject({ signatureValid: true, subFilter: "ETSI.CAdES.detached" });
    expect(sigs[1]?.coversWholeDocument).toBe(true);
    expect(sigs[1]?.raw).toContain("Signer Certificate Common Name: Archive TSA");
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-docts-"));
    try {
      const field = archived.lastIndexOf("/ByteRange [", archived.length, "latin1");
      const [a, b, c, d] = (/^\/ByteRange \[(\d+) (\d+) (\d+) (\d+)/.exec(archived.toString("latin1", field, field + 60)) ?? []).slice(1).map(Number) as [number, number, number, number];
      await fs.writeFile(path.join(dir, "signed.bin"), Buffer.concat([archived.subarray(a, a + b), archived.subarray(c, c + d)]));
      await fs.writeFile(path.join(dir, "token.der"), lastSignatureCms(archived));
      await fs.writeFile(path.join(dir, "root.pem"), certificateToPem(rootDer));
      const v = await openssl(["ts", "-verify", "-data", "signed.bin", "-in", "token.der", "-token_in", "-CAfile", "root.pem"], dir);
      expect(v.stdout + v.stderr).toContain("Verification: OK");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    expect(await qpdfCheck(archived)).toMatch(/No syntax or stream encoding errors found/);
  });

  it("still verifies after the signer's and the first TSA's certificates expired; without it the same signature does not", () => {
    const later = after(90);
    const withArchive = verifyPdf(archived, { trustAnchors: anchors, now: later });
    expect(withArchive.signatures.map((s) => s.status)).toEqual(["TOTAL_PASSED", "TOTAL_PASSED"]);
    expect(withArchive.status).toBe("TOTAL_PASSED");

    const without = verifyPdf(signedOnly, { trustAnchors: anchors, now: later });
    expect(without.status).not.toBe("TOTAL_PASSED");
    expect(without.signatures[0]).toMatchObject({ status: "INDETERMINATE", subIndication: "OUT_OF_BOUNDS_NO_POE" });
    expect(without.signatures[0]?.statusReason).toMatch(/First TSA.*expired/);
  });

  it("`mohar ltv extend` stamps a file with the development TSA by default", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-ltv-"));
    try {
      const input = path.join(dir, "signed.pdf");
      const out = path.join(dir, "archived.pdf");
      await fs.writeFile(input, signedOnly);
      const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli.ts", "ltv", "extend", input, "-o", out, "--crl-dir", ""], {
        env: { ...process.env, TSA_URL: undefined, DEV_TSA: "true" },
      });
      expect(stdout).toMatch(/field Signature2, validation data for 1 earlier signature/);
      const extended = await fs.readFile(out);
      expect(extended.subarray(0, signedOnly.length).equals(signedOnly)).toBe(true);
      const devRoot = new X509Certificate(await fs.readFile(path.join(certsDev, "root.pem")));
      const r = verifyPdf(extended, { trustAnchors: [...anchors, devRoot], now: after(2) });
      expect(r.signatures[1]).toMatchObject({ kind: "document_timestamp", integrity: { digestOk: true, signatureOk: true }, timestamp: { ok: true } });
      expect(r.signatures[1]?.signer?.subject).toContain("mohar Dev Time Stamping Authority");
      expect(r.signatures[0]?.status).toBe("TOTAL_PASSED");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("names the newest timestamp and whether it falls within a re-timestamping horizon", async () => {
    expect(newestTimestamp(signedOnly)).toMatchObject({ kind: "signature_timestamp", genTime: t0, tsaNotAfter: after(60) });
    expect(newestTimestamp(archived)).toMatchObject({ kind: "document_timestamp", fieldName: "Signature2", genTime: stampedAt, tsaNotAfter: after(10 * 365) });
    expect(dueForTimestamp(signedOnly, t0, 90).due).toBe(true);
    expect(dueForTimestamp(signedOnly, t0, 30).due).toBe(false);
    expect(dueForTimestamp(archived, t0, 90).due).toBe(false);
    expect(dueForTimestamp(archived, after(10 * 365 - 10), 30).due).toBe(true);
    expect(newestTimestamp(await makePdf())).toBeNull();
  });

  it("the re-timestamp job extends each latest signed version due within the horizon, with its audit entry, and resumes", async () => {
    const db = await openTestDatabase();
    const log = await logFixture();
    try {
      const vault = await Vault.open(log.store, db.db);
      const webhooks = new WebhookService({ db: async () => db.db, dbIfOpen: async () => db.db, policy: new TargetPolicy([]) });
      const make = async (signed: boolean, archived: boolean): Promise<string> => {
        const { document } = await vault.createDocument({ title: "t", fileNumber: "F/LTA", kind: "letter", createdBy: "clerk-1", pdf: await makePdf() });
        if (signed) await vault.extendLatest(document.id, 1, async ({ pdf }) => ({ pdf: await signNow(pdf), uploader: "o1", action: "signature" }));
        if (archived) await vault.extendLatest(document.id, 2, async ({ pdf }) => ({ pdf: (await stampWithArchiveTsa(pdf)).pdf, uploader: "o1", action: "timestamp" }));
        return document.id;
      };
      const due = await make(true, false);
      await make(false, false);
      await make(true, true);
      const lines: string[] = [];
      const run = () => retimestampVault({ vault, audit: log.log, webhooks, horizonDays: 90, now: t0, stamp: (pdf) => stampWithArchiveTsa(pdf, t0), progress: (l) => lines.push(l) });
      expect(await run()).toEqual({ checked: 2, extended: 1, notDue: 1, failed: [] });
      expect(lines.find((l) => l.includes(due))).toMatch(/v2: extended as v3 \(newest timestamp .*TSA certificate until/);
      const v3 = await vault.versionRecord(due, 3);
      expect(v3).toMatchObject({ action: "timestamp", uploader: "system", derivedFrom: 2 });
      const [entry] = await log.log.entries(log.log.size - 1, log.log.size);
      expect(entry).toMatchObject({ actor: "system", action: "document.timestamp", documentId: due, version: 3, sha256: v3.sha256, outcome: "success" });
      expect(verifyPdf(await vault.readVersion(due, 3), { trustAnchors: anchors, now: after(90) }).status).toBe("TOTAL_PASSED");
      // Run again (or after a stop halfway): what was extended is not due any more.
      expect(await run()).toEqual({ checked: 2, extended: 0, notDue: 2, failed: [] });
    } finally {
      await log.cleanup();
      await db.close();
    }
  });
});
