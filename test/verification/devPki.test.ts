import { createHash, X509Certificate } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as pkijs from "pkijs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedSignature, preparePdfSignature } from "../../src/pdf/index.js";
import { createCms, RevocationSource, signingKeyFromP12 } from "../../src/pki/index.js";
import { createDevTsa, generateDevPki, type DevTsa } from "../../src/pki/dev/index.js";
import { signDocument } from "../../src/signing/index.js";
import { verifyPdf } from "../../src/verification/index.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { makePdf, signPdf } from "../helpers/testSigner.js";

/** Signatures made by mohar's own CMS builder with the committed development PKI. */
const DEV = "certs-dev";
let pki: TestPki;
let tsa: DevTsa;
let dir: string;
const anchors = [new X509Certificate(fs.readFileSync(path.join(DEV, "root.pem")))];

beforeAll(() => {
  pki = makeTestPki();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-devpki-"));
  tsa = createDevTsa({
    certPem: fs.readFileSync(path.join(DEV, "tsa.pem"), "utf8"),
    keyPem: fs.readFileSync(path.join(DEV, "tsa.key.pem"), "utf8"),
    chainPem: fs.readFileSync(path.join(DEV, "intermediate.pem"), "utf8"),
  });
});
afterAll(() => {
  pki.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A timestamper backed by the dev TSA: an openssl-made request, the token from its response. */
async function timestamp(signatureValue: Buffer): Promise<Buffer> {
  const req = path.join(dir, "req.tsq");
  execFileSync("openssl", ["ts", "-query", "-digest", createHash("sha256").update(signatureValue).digest("hex"), "-sha256", "-cert", "-out", req]);
  const resp = pkijs.TimeStampResp.fromBER(await tsa.respond(fs.readFileSync(req)));
  if (!resp.timeStampToken) throw new Error("the dev TSA returned no token");
  return Buffer.from(resp.timeStampToken.toSchema().toBER());
}

async function signAs(officer: string, withTimestamp: boolean): Promise<Buffer> {
  const key = signingKeyFromP12(fs.readFileSync(path.join(DEV, "officers", `${officer}.p12`)), "mohar-dev", { officerId: officer, source: officer });
  return signPdf(await makePdf(), pki, {
    fieldName: officer,
    cms: (bytes) => createCms({ contentDigest: createHash("sha256").update(bytes).digest(), key, timestamp: withTimestamp ? timestamp : undefined }),
  });
}

describe("signatures from mohar's CMS builder and the dev PKI", () => {
  it.each(["anita-sharma", "priya-nair"])("verifies %s's signature to the dev root, with its timestamp", async (officer) => {
    const s = verifyPdf(await signAs(officer, true), { trustAnchors: anchors }).signatures[0];
    expect(s?.integrity).toEqual({ byteRangeOk: true, coversWholeRevision: true, digestOk: true, signatureOk: true, essCertificateOk: true });
    expect(s?.certificate).toMatchObject({ chainOk: true, trusted: true, validAtSigningTime: true, keyUsageOk: true });
    expect(s?.timestamp).toMatchObject({ ok: true });
    expect(s?.signingTime.source).toBe("timestamp");
    // This helper's PDFs carry no CRL/OCSP (mohar's signer puts them in the /DSS), so revocation cannot be decided.
    expect(s).toMatchObject({ status: "INDETERMINATE", subIndication: "TRY_LATER", revocation: { status: "no_data" } });
  });

  it("flags the expired officer and the officer without a signing key usage", async () => {
    const expired = verifyPdf(await signAs("expired-officer", false), { trustAnchors: anchors }).signatures[0];
    expect(expired?.certificate.validAtSigningTime).toBe(false);
    expect(expired?.subIndication).toBe("OUT_OF_BOUNDS_NO_POE");
    const noUsage = verifyPdf(await signAs("no-signing-usage", false), { trustAnchors: anchors }).signatures[0];
    expect(noUsage?.certificate.keyUsageOk).toBe(false);
    expect(noUsage?.status).toBe("INDETERMINATE");
  });
});

describe("a signing time the signer only claims", () => {
  it("does not make an expired certificate valid: backdated /M, no timestamp, good CRLs is INDETERMINATE/OUT_OF_BOUNDS_NO_POE", async () => {
    // A PKI made seven years ago: its root is still valid, its officers' certificates (six
    // years) ran out a year ago, and its CRLs were current until then.
    const year = 365 * 24 * 3600 * 1000;
    const old = path.join(dir, "old-pki");
    await generateDevPki(old, { password: "pw", now: new Date(Date.now() - 7 * year) });
    const key = signingKeyFromP12(fs.readFileSync(path.join(old, "officers", "anita-sharma.p12")), "pw", { officerId: "anita-sharma", source: "test" });
    // Signed today with the expired key, claiming a date five years ago when it was valid.
    const backdated = new Date(Date.now() - 5 * year);
    const { pdf } = await signDocument({
      pdf: await makePdf(),
      key,
      officer: { officerId: "anita-sharma", name: "Anita Sharma" },
      now: backdated,
      revocation: RevocationSource.fromDir(path.join(old, "crl")),
    });
    const s = verifyPdf(pdf, { trustAnchors: [new X509Certificate(fs.readFileSync(path.join(old, "root.pem")))] }).signatures[0];
    expect(s?.claimedSigningTime?.slice(0, 10)).toBe(backdated.toISOString().slice(0, 10));
    expect(s?.certificate).toMatchObject({ trusted: true, validAtSigningTime: true });
    expect(s?.revocation.status).toBe("good");
    expect(s).toMatchObject({ status: "INDETERMINATE", subIndication: "OUT_OF_BOUNDS_NO_POE" });
    expect(s?.statusReason).toMatch(/outside its validity period now .* no timestamp proves/);
  });
});

describe("a signer the dev intermediate's CRL revoked", () => {
  it("is TOTAL_FAILED/REVOKED when that CRL is in the /DSS of the signature's own update", async () => {
    // mohar refuses to sign for revoked-officer, so this PDF is made with the layers underneath.
    const key = signingKeyFromP12(fs.readFileSync(path.join(DEV, "officers", "revoked-officer.p12")), "mohar-dev", { officerId: "revoked-officer", source: "test" });
    const crl = fs.readFileSync(path.join(DEV, "crl", "intermediate.crl"));
    const prepared = await preparePdfSignature(await makePdf(), { signingTime: new Date(), dss: { certs: [key.certificate, ...key.chain], crls: [crl], ocsps: [] } });
    const pdf = embedSignature(prepared, await createCms({ contentDigest: prepared.contentDigest, key }));
    const s = verifyPdf(pdf, { trustAnchors: anchors }).signatures[0];
    expect(s?.integrity).toMatchObject({ digestOk: true, signatureOk: true });
    expect(s?.certificate).toMatchObject({ trusted: true, validAtSigningTime: true });
    expect(s).toMatchObject({ status: "TOTAL_FAILED", subIndication: "REVOKED", revocation: { status: "revoked", source: "crl:dss" } });
  });
});
