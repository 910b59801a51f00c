import { createHash, X509Certificate } from "node:crypto";
import path from "node:path";
import * as asn1js from "asn1js";
import { beforeAll, describe, expect, it } from "vitest";
import { assembleCms, buildSignedAttributes, checkCmsForContent, createCms, P12KeyStore, verifyCms, x509Once, type SigningKey } from "../../src/pki/index.js";
import { DerCache } from "../../src/pki/common/derCache.js";
import * as pkijs from "pkijs";
import { splitCertificates } from "../../src/pki/verification/cmsCertificates.js";
import { readSignedDataParts } from "../../src/pki/verification/cmsSignedData.js";

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

describe("certificates of a CMS at verification (#16)", () => {
  let key: SigningKey;
  const content = Buffer.from("content");
  beforeAll(async () => {
    key = await store.load("anita-sharma");
  });
  const cmsWith = async (chain: Buffer[]): Promise<Buffer> => {
    const signedAttributes = buildSignedAttributes({ contentDigest: digest, signerCertificate: key.signer });
    return assembleCms({ signedAttributes, signatureValue: await key.sign(signedAttributes), signerCertificate: key.signer, chain, keyAlgorithm: key.keyAlgorithm });
  };

  it("are read once per process: two signatures by one key share the certificate objects", async () => {
    const [a, b] = [verifyCms(await createCms({ contentDigest: digest, key }), content), verifyCms(await createCms({ contentDigest: digest, key }), content)];
    for (const r of [a, b]) expect(r).toMatchObject({ parsed: true, digestOk: true, signatureOk: true, essCertificateOk: true, problems: [] });
    expect(a.certificates).toHaveLength(1 + key.chain.length);
    expect(a.signerCertificate).toBe(b.signerCertificate);
    expect(a.certificates.every((c, i) => c === b.certificates[i])).toBe(true);
    expect(x509Once(Buffer.from(key.certificate))).toBe(a.signerCertificate);
  });

  it("are taken as carried, a longer (BER) length included", async () => {
    const [issuer, ...rest] = key.chain as [Buffer, ...Buffer[]];
    const long = withLongFormLength(issuer);
    const r = verifyCms(await cmsWith([long, ...rest]), content);
    expect(r).toMatchObject({ parsed: true, signatureOk: true, problems: [] });
    // Node reads the carried bytes as it did before the cache (its .raw is the DER it re-encodes).
    expect(r.certificates[1]?.raw.equals(new X509Certificate(long).raw)).toBe(true);
    expect(r.certificates[1]?.subject).toBe(new X509Certificate(issuer).subject);
  });

  it("make the CMS unreadable when one is not a certificate, as before", async () => {
    const [issuer, ...rest] = key.chain as [Buffer, ...Buffer[]];
    const cms = await cmsWith([issuer, ...rest]);
    const at = cms.indexOf(issuer);
    const broken = Buffer.from(cms);
    broken[at + 4] = 0x31; // tbsCertificate as a SET: neither pkijs nor Node reads it
    const r = verifyCms(broken, content);
    expect(r.parsed).toBe(false);
    expect(r.problems[0]).toMatch(/^the CMS does not parse/);
  });

  it("leave a SignedData read in parts that says what pkijs reads of it whole; any other layout is read whole (#16)", async () => {
    const rest = splitCertificates(await cmsWith(key.chain))?.rest;
    if (!rest) throw new Error("the CMS did not split");
    const whole = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(rest).content });
    const parts = readSignedDataParts(rest);
    if (!parts) throw new Error("the plain layout was not read in parts");
    const der = (o: { toSchema(): asn1js.AsnType }): string => Buffer.from(o.toSchema().toBER()).toString("hex");
    expect(der(parts.encapContentInfo)).toBe(der(whole.encapContentInfo));
    expect(parts.signerInfos.map(der)).toEqual(whole.signerInfos.map(der));
    const encoded = (p: { signerInfos: pkijs.SignerInfo[] }): Buffer => Buffer.from(p.signerInfos[0]?.signedAttrs?.encodedValue ?? new ArrayBuffer(0));
    expect(encoded(parts).length).toBeGreaterThan(0);
    expect(encoded(parts).equals(encoded(whole))).toBe(true);
    expect([parts.crls, whole.crls]).toEqual([undefined, undefined]);
    // SignedData's fields are version, digestAlgorithms, encapContentInfo, [certificates], [crls], signerInfos.
    const sd = (asn1js.fromBER(rest).result as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed;
    const fields = (sd.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    const rebuilt = (change: (f: asn1js.AsnType[]) => asn1js.AsnType[], type = "1.2.840.113549.1.7.2"): Buffer =>
      Buffer.from(new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Sequence({ value: change([...fields]) })] })] }).toBER());
    expect(readSignedDataParts(rebuilt((f) => f))).not.toBeNull();
    const crls = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [] });
    for (const other of [rebuilt((f) => [...f.slice(0, 3), crls, ...f.slice(3)]), rebuilt((f) => f, "1.2.840.113549.1.7.1"), rebuilt((f) => f.slice(1)), rest.subarray(0, rest.length - 1)]) {
      expect(readSignedDataParts(other)).toBeNull();
    }
  });

  it("are kept in a cache bounded by entries and bytes, least recently used out first", () => {
    const cache = new DerCache<number>(2, 10);
    let reads = 0;
    const read = (der: Buffer): number => (reads++, der.length);
    const [a, b, c] = [Buffer.from([1]), Buffer.from([2, 2]), Buffer.from([3, 3, 3])];
    cache.get(a, read);
    cache.get(b, read);
    cache.get(Buffer.from([1]), read); // a hit: equal bytes, another buffer
    cache.get(c, read); // evicts b, the least recently used
    expect([reads, cache.size]).toEqual([3, 2]);
    cache.get(a, read);
    cache.get(b, read);
    expect(reads).toBe(4);
    cache.get(Buffer.alloc(11), read); // larger than the whole cache: read, not kept
    expect(cache.size).toBe(2);
  });
});
