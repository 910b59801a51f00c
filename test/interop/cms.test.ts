import { createHash, randomBytes, sign, X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assembleCms,
  buildSignedAttributes,
  checkCmsForContent,
  createCms,
  decodePkcs12,
  normalizeSignatureValue,
  P12KeyStore,
  parseCms,
  verifyRawSignature,
  type SigningKey,
} from "../../src/pki/index.js";
import { pkiEngine } from "../../src/pki/common/cryptoEngine.js";
import { openssl } from "../helpers/openssl.js";

const certsDev = path.resolve("certs-dev");
const store = new P12KeyStore({ password: "mohar-dev", locate: async (id) => ({ path: path.join(certsDev, "officers", `${id}.p12`) }) });
const sha256 = (b: Buffer): Buffer => createHash("sha256").update(b).digest();

describe("CMS builder", () => {
  let dir: string;
  let keys: Record<string, SigningKey>;
  const content = randomBytes(5000);
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-cms-"));
    await fs.writeFile(path.join(dir, "content.bin"), content);
    keys = { rsa: await store.load("anita-sharma"), ec: await store.load("priya-nair") };
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  for (const alg of ["rsa", "ec"] as const) {
    it(`makes a detached CMS (${alg}) that openssl cms -verify and pkijs both accept`, async () => {
      const key = keys[alg] as SigningKey;
      const cms = await createCms({ contentDigest: sha256(content), key });
      const file = path.join(dir, `${alg}.p7s`);
      await fs.writeFile(file, cms);
      const r = await openssl(
        ["cms", "-verify", "-binary", "-inform", "DER", "-in", file, "-content", "content.bin", "-CAfile", path.join(certsDev, "root.pem"), "-purpose", "any", "-out", "/dev/null"],
        dir,
      );
      expect(r.stderr).toContain("Verification successful");
      expect(r.code).toBe(0);

      const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms).content });
      const root = pkijs.Certificate.fromBER(new X509Certificate(await fs.readFile(path.join(certsDev, "root.pem"))).raw);
      const verified = await signedData.verify(
        { signer: 0, data: new Uint8Array(content).buffer, trustedCerts: [root], checkChain: true, extendedMode: true },
        pkiEngine,
      );
      expect(verified.signatureVerified).toBe(true);
      expect(verified.signerCertificateVerified).toBe(true);

      const printed = await openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", file]);
      expect(printed.stdout).toContain("id-smime-aa-signingCertificateV2");
      expect(printed.stdout).toContain("messageDigest");
      expect(printed.stdout).not.toContain("signingTime");
      expect(printed.stdout).toContain(alg === "rsa" ? "rsaEncryption" : "ecdsa-with-SHA256");
    });
  }

  it("tampered content fails openssl verification", async () => {
    const cms = await createCms({ contentDigest: sha256(content), key: keys.rsa as SigningKey });
    await fs.writeFile(path.join(dir, "t.p7s"), cms);
    await fs.writeFile(path.join(dir, "other.bin"), Buffer.concat([content, Buffer.from("x")]));
    const r = await openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", "t.p7s", "-content", "other.bin", "-CAfile", path.join(certsDev, "root.pem"), "-purpose", "any"], dir);
    expect(r.code).not.toBe(0);
  });

  it("assembles from a signature made outside the keystore, byte-exact signed attributes", async () => {
    const key = keys.ec as SigningKey;
    const attrs = buildSignedAttributes({ contentDigest: sha256(content), signerCertificate: key.certificate });
    const external = await key.sign(attrs);
    const cms = assembleCms({ signedAttributes: attrs, signatureValue: external, signerCertificate: key.certificate, chain: key.chain, keyAlgorithm: "EC" });
    const parsed = parseCms(cms);
    expect(parsed.signedAttributes.equals(attrs)).toBe(true);
    expect(parsed.signerCertificate.equals(key.certificate)).toBe(true);
    expect(parsed.certificates).toHaveLength(3);
    expect(parsed.messageDigest?.equals(sha256(content))).toBe(true);
    expect(parsed.detached).toBe(true);
    expect(parsed.timestampToken).toBeNull();
    expect(checkCmsForContent(cms, sha256(content)).signerCertificate.equals(key.certificate)).toBe(true);
  });

  it("writes the ESS signing-certificate-v2 hash of the signer certificate", async () => {
    const key = keys.rsa as SigningKey;
    const attrs = buildSignedAttributes({ contentDigest: sha256(content), signerCertificate: key.certificate });
    const set = asn1js.fromBER(attrs).result as asn1js.Set;
    const types = set.valueBlock.value.map((a) => ((a as asn1js.Sequence).valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString());
    expect(types.sort()).toEqual(["1.2.840.113549.1.9.16.2.47", "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4"].sort());
    expect(attrs.includes(sha256(key.certificate))).toBe(true);
  });

  it("checkCmsForContent refuses wrong content, forged signatures and garbage", async () => {
    const key = keys.rsa as SigningKey;
    const cms = await createCms({ contentDigest: sha256(content), key });
    expect(() => checkCmsForContent(cms, sha256(Buffer.from("other")))).toThrow(expect.objectContaining({ code: "cms.digest_mismatch" }));

    const attrs = buildSignedAttributes({ contentDigest: sha256(content), signerCertificate: key.certificate });
    const forged = assembleCms({ signedAttributes: attrs, signatureValue: randomBytes(256), signerCertificate: key.certificate, chain: key.chain, keyAlgorithm: "RSA" });
    expect(() => checkCmsForContent(forged, sha256(content))).toThrow(expect.objectContaining({ code: "signature.mismatch" }));
    expect(() => checkCmsForContent(Buffer.from("garbage"), sha256(content))).toThrow(expect.objectContaining({ code: "cms.invalid", kind: "bad_input" }));
    expect(() => buildSignedAttributes({ contentDigest: sha256(content), signerCertificate: Buffer.from("not a cert") })).toThrow(
      expect.objectContaining({ code: "cert.invalid", kind: "bad_input" }),
    );
  });

  it("verifyRawSignature accepts only the certificate's own key", async () => {
    const attrs = buildSignedAttributes({ contentDigest: sha256(content), signerCertificate: (keys.rsa as SigningKey).certificate });
    const sig = await (keys.rsa as SigningKey).sign(attrs);
    expect(verifyRawSignature((keys.rsa as SigningKey).certificate, attrs, sig)).toBe(true);
    const other = new X509Certificate(await fs.readFile(path.join(certsDev, "officers/rajesh-verma.pem"))).raw;
    expect(verifyRawSignature(other, attrs, sig)).toBe(false);
    expect(verifyRawSignature((keys.rsa as SigningKey).certificate, attrs, Buffer.from("junk"))).toBe(false);
  });

  it("normalizes a raw r||s ECDSA signature to DER", async () => {
    const key = keys.ec as SigningKey;
    const { privateKey } = decodePkcs12(await fs.readFile(path.join(certsDev, "officers/priya-nair.p12")), "mohar-dev", "t");
    const attrs = buildSignedAttributes({ contentDigest: sha256(content), signerCertificate: key.certificate });
    const raw = sign("sha256", attrs, { key: privateKey, dsaEncoding: "ieee-p1363" });
    expect(raw).toHaveLength(64);
    const der = normalizeSignatureValue(key.certificate, raw);
    expect(der[0]).toBe(0x30);
    expect(verifyRawSignature(key.certificate, attrs, der)).toBe(true);
  });

  for (const keyid of [false, true]) {
    it(`accepts a full CMS made by openssl cms -sign${keyid ? " -keyid" : ""} for the right content only`, async () => {
      const p12 = path.join(certsDev, "officers/anita-sharma.p12");
      const keyPem = await openssl(["pkcs12", "-in", p12, "-passin", "pass:mohar-dev", "-nocerts", "-nodes"]);
      await fs.writeFile(path.join(dir, "anita.key"), keyPem.stdout, { mode: 0o600 });
      const args = ["cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER", "-in", "content.bin", "-signer", path.join(certsDev, "officers/anita-sharma.pem"), "-inkey", "anita.key", "-out", "ext.p7s"];
      const r = await openssl(keyid ? [...args, "-keyid"] : args, dir);
      expect(r.code).toBe(0);
      const cms = await fs.readFile(path.join(dir, "ext.p7s"));
      const parsed = checkCmsForContent(cms, sha256(content));
      expect(parsed.signerCertificate.equals((keys.rsa as SigningKey).certificate)).toBe(true);
      expect(() => checkCmsForContent(cms, sha256(Buffer.from("x")))).toThrow(expect.objectContaining({ code: "cms.digest_mismatch" }));
    });
  }
});
