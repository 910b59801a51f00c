import { generateKeyPairSync, sign as nodeSign, X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createCms, decodePkcs12 } from "../../src/pki/index.js";
import { completeSigning, prepareSigning, signDocument, type PrepareSigningInput } from "../../src/signing/index.js";
import { devKey, devOfficer, DEV_P12_PASSWORD } from "../helpers/devSigning.js";
import { makePdf } from "../helpers/samplePdfs.js";
import { sessionStoreFixture } from "../helpers/sessionStoreFixture.js";

describe("two-phase signing", () => {
  const f = sessionStoreFixture("mohar-2phase-");

  async function prepareFor(id: string, extra: Partial<PrepareSigningInput> = {}) {
    const officer = await devOfficer(id);
    const key = await devKey(officer);
    const prepared = await prepareSigning(f.sessions, {
      pdf: await makePdf(),
      certificate: key.certificate,
      chain: key.chain,
      officer: officer.identity,
      ...extra,
    });
    const { privateKey } = decodePkcs12(await fs.readFile(officer.p12), DEV_P12_PASSWORD, "test");
    return { prepared, key, privateKey };
  }

  it("stores the session under signing-sessions/ and returns the digest of the signed attributes", async () => {
    const { prepared } = await prepareFor("rajesh-verma");
    expect(prepared.sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(prepared.digestToSign).toHaveLength(32);
    expect(prepared.expiresAt.getTime() - prepared.signingTime.getTime()).toBe(15 * 60 * 1000);
    const keys = (await f.store.list("signing-sessions/")).map((o) => o.key);
    expect(keys).toEqual([`signing-sessions/${prepared.sessionId}/prepared.pdf`]);
    expect(await f.db.selectFrom("signing_sessions").select("id").where("id", "=", prepared.sessionId).execute()).toHaveLength(1);
  });

  it("refuses a signature by another key, and still accepts the right one afterwards", async () => {
    const { prepared, privateKey } = await prepareFor("rajesh-verma");
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    await expect(
      completeSigning(f.sessions, prepared.sessionId, { signature: nodeSign("sha256", prepared.signedAttributes, stranger) }),
    ).rejects.toMatchObject({ kind: "unprocessable", code: "signature.mismatch" });
    const done = await completeSigning(f.sessions, prepared.sessionId, { signature: nodeSign("sha256", prepared.signedAttributes, privateKey) });
    expect(done.signature.fieldName).toBe("Signature1");
    expect(done.pdf.length).toBeGreaterThan(0);
  });

  it("accepts ECDSA signatures as raw r||s (as tokens and WebCrypto give them)", async () => {
    const { prepared, privateKey } = await prepareFor("priya-nair");
    const raw = nodeSign("sha256", prepared.signedAttributes, { key: privateKey, dsaEncoding: "ieee-p1363" });
    expect(raw).toHaveLength(64);
    await expect(completeSigning(f.sessions, prepared.sessionId, { signature: raw })).resolves.toMatchObject({ signature: { officerId: "priya-nair" } });
  });

  it("refuses an expired session with 410 and a second completion with 409", async () => {
    const { prepared, privateKey } = await prepareFor("rajesh-verma", { ttlMs: 1000 });
    const signature = nodeSign("sha256", prepared.signedAttributes, privateKey);
    await expect(completeSigning(f.sessions, prepared.sessionId, { signature }, { now: new Date(prepared.expiresAt.getTime() + 1) })).rejects.toMatchObject({
      kind: "gone",
      code: "signing.session_expired",
    });
    await completeSigning(f.sessions, prepared.sessionId, { signature }, { now: prepared.signingTime });
    await expect(completeSigning(f.sessions, prepared.sessionId, { signature }, { now: prepared.signingTime })).rejects.toMatchObject({ kind: "conflict" });
  });

  it("takes a full CMS over the content digest, but only from the session's certificate", async () => {
    const { prepared, key } = await prepareFor("rajesh-verma");
    const other = await devKey(await devOfficer("anita-sharma"));
    await expect(
      completeSigning(f.sessions, prepared.sessionId, { cms: await createCms({ contentDigest: prepared.contentDigest, key: other }) }),
    ).rejects.toMatchObject({ code: "signature.mismatch" });
    await expect(
      completeSigning(f.sessions, prepared.sessionId, { cms: await createCms({ contentDigest: Buffer.alloc(32, 1), key }) }),
    ).rejects.toMatchObject({ code: "cms.digest_mismatch" });
    const done = await completeSigning(f.sessions, prepared.sessionId, { cms: await createCms({ contentDigest: prepared.contentDigest, key }) });
    expect(done.signature.timestamped).toBe(false);
  });

  it("wants exactly one of signature and cms", async () => {
    const { prepared } = await prepareFor("rajesh-verma");
    await expect(completeSigning(f.sessions, prepared.sessionId, {})).rejects.toMatchObject({ kind: "bad_input" });
    await expect(completeSigning(f.sessions, "AAAAAAAAAAAAAAAAAAAAAA", { signature: Buffer.alloc(1) })).rejects.toMatchObject({ kind: "not_found" });
  });

  it("refuses unusable certificates before storing anything", async () => {
    const expired = await devOfficer("expired-officer");
    const noUsage = await devOfficer("no-signing-usage");
    const pdf = await makePdf();
    for (const [o, code] of [
      [expired, "cert.expired"],
      [noUsage, "cert.key_usage"],
    ] as const) {
      const certificate = Buffer.from(new X509Certificate(o.certPem).raw);
      await expect(prepareSigning(f.sessions, { pdf, certificate, chain: [], officer: o.identity })).rejects.toMatchObject({ kind: "unprocessable", code });
    }
    expect(await f.store.list("signing-sessions/")).toEqual([]);
  });
});

describe("signDocument", () => {
  it("checks the certificate before touching the PDF, and wants a TSA for a timestamp", async () => {
    const expired = await devOfficer("expired-officer");
    const key = await devKey(expired);
    await expect(signDocument({ pdf: Buffer.from("not even a pdf"), key, officer: expired.identity })).rejects.toMatchObject({ code: "cert.expired" });
    const rajesh = await devOfficer("rajesh-verma");
    await expect(signDocument({ pdf: await makePdf(), key: await devKey(rajesh), officer: rajesh.identity, timestamp: true })).rejects.toMatchObject({
      kind: "bad_input",
      code: "signing.no_tsa",
    });
  });

  it("reports the field, time and certificate of the signature", async () => {
    const rajesh = await devOfficer("rajesh-verma");
    const now = new Date(Math.floor(Date.now() / 1000) * 1000); // within the dev certificate's validity, whenever the PKI was made
    const { signature } = await signDocument({ pdf: await makePdf(), key: await devKey(rajesh), officer: rajesh.identity, now });
    expect(signature).toMatchObject({ fieldName: "Signature1", signingTime: now, officerId: "rajesh-verma", timestamped: false });
    expect(signature.certificate.subject).toContain("RAJESH VERMA");
  });
});
