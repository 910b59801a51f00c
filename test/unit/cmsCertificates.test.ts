import { createHash, X509Certificate } from "node:crypto";
import path from "node:path";
import * as asn1js from "asn1js";
import { beforeAll, describe, expect, it } from "vitest";
import { assembleCms, buildSignedAttributes, checkCmsForContent, createCms, P12KeyStore, type SigningKey } from "../../src/pki/index.js";

const certsDev = path.resolve("certs-dev");
const store = new P12KeyStore({ password: "mohar-dev", locate: async (id) => ({ path: path.join(certsDev, "officers", `${id}.p12`) }) });
const digest = createHash("sha256").update("content").digest();

/** The content octets of SignedData's `certificates [0] IMPLICIT`, as they are in the CMS. */
function certificatesField(cms: Buffer): Buffer {
  const contentInfo = asn1js.fromBER(cms).result as asn1js.Sequence;
  const signedData = (contentInfo.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const field = signedData.valueBlock.value.find((e) => e.idBlock.tagClass === 3 && e.idBlock.tagNumber === 0);
  if (!field) throw new Error("the CMS has no certificates");
  const tlv = Buffer.from(field.valueBeforeDecodeView);
  return tlv.subarray(tlv.length - field.lenBlock.length);
}

/** The same certificate with its outer length in a longer (BER, not DER) form, which a re-encode would shorten. */
function withLongFormLength(der: Buffer): Buffer {
  expect(der.subarray(0, 2)).toEqual(Buffer.from([0x30, 0x82]));
  return Buffer.concat([Buffer.from([0x30, 0x83, 0x00]), der.subarray(2)]);
}

describe("certificates in the CMS", () => {
  let keys: SigningKey[];
  beforeAll(async () => {
    keys = [await store.load("anita-sharma"), await store.load("priya-nair")];
  });

  it("are the key's DER certificates byte for byte, signer first", async () => {
    for (const key of keys) {
      expect(key.signer.der.equals(key.certificate)).toBe(true);
      const cms = await createCms({ contentDigest: digest, key });
      expect(key.chain.length).toBeGreaterThan(0);
      expect(certificatesField(cms).equals(Buffer.concat([key.certificate, ...key.chain]))).toBe(true);
    }
  });

  it("are embedded as given, not parsed and re-encoded", async () => {
    const key = keys[0] as SigningKey;
    const [issuer, ...rest] = key.chain;
    const chain = [withLongFormLength(issuer as Buffer), ...rest];
    expect(new X509Certificate(chain[0] as Buffer).subject).toBe(new X509Certificate(issuer as Buffer).subject);
    const signedAttributes = buildSignedAttributes({ contentDigest: digest, signerCertificate: key.signer });
    const cms = assembleCms({ signedAttributes, signatureValue: await key.sign(signedAttributes), signerCertificate: key.signer, chain, keyAlgorithm: key.keyAlgorithm });
    expect(certificatesField(cms).equals(Buffer.concat([key.certificate, ...chain]))).toBe(true);
    expect(checkCmsForContent(cms, digest).signerCertificate.equals(key.certificate)).toBe(true);
  });

  it("refuses a chain element that is not one DER certificate (cert.invalid), without a crash", async () => {
    const key = keys[0] as SigningKey;
    const signedAttributes = buildSignedAttributes({ contentDigest: digest, signerCertificate: key.certificate });
    const signatureValue = await key.sign(signedAttributes);
    for (const bad of [Buffer.from("junk"), Buffer.concat([key.certificate, Buffer.from([0])]), key.certificate.subarray(0, 100)]) {
      expect(() => assembleCms({ signedAttributes, signatureValue, signerCertificate: key.certificate, chain: [bad], keyAlgorithm: key.keyAlgorithm })).toThrow(
        expect.objectContaining({ code: "cert.invalid", kind: "bad_input" }),
      );
    }
  });
});
