import { MoharError } from "../../errors.js";
import { algorithmIdentifier, derOctetString, derOid, derSmallInteger, derTlv } from "../common/der.js";
import { oid } from "../common/oids.js";
import { signerCertificateOf, type SignerCertificate } from "./signerCertificate.js";
import type { KeyAlgorithm } from "./signingKey.js";

export interface AssembleCmsOptions {
  /** DER SET OF attributes exactly as signed (from buildSignedAttributes). */
  signedAttributes: Buffer;
  /** The signature over `signedAttributes` (RSA PKCS#1 v1.5 or DER ECDSA). */
  signatureValue: Buffer;
  /** DER, or the certificate a key store parsed when it loaded the key. */
  signerCertificate: Buffer | SignerCertificate;
  /** Issuing certificates, issuer first. */
  chain: Buffer[];
  keyAlgorithm: KeyAlgorithm;
  /** RFC 3161 TimeStampToken over the signature value (PAdES B-T). */
  timestampToken?: Buffer;
}

/** The length of the DER TLV at the start of `der` (tag number below 31), or -1 when it is cut short. */
function tlvLength(der: Buffer): number {
  const first = der[1];
  if (first === undefined) return -1;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || der.length < 2 + n) return -1;
  return 2 + n + der.readUIntBE(2, n);
}

/**
 * Whether `der` is exactly one TLV with tag `tag`. Embedded parts are copied byte for byte;
 * this keeps the CMS well-formed around them without paying for a full parse.
 */
function isOneTlv(der: Buffer, tag: number): boolean {
  return der[0] === tag && tlvLength(der) === der.length;
}

function oneTlv(der: Buffer, tag: number, what: string): Buffer {
  if (!isOneTlv(der, tag)) throw new Error(`${what} is not a single DER element`);
  return der;
}

/**
 * A detached CMS SignedData (v1, SHA-256) from a signature made elsewhere: by the keystore, a
 * USB token or an eSign provider. The certificates are the signer's and its chain.
 */
export function assembleCms(opts: AssembleCmsOptions): Buffer {
  return encodeSignedData(opts);
}

/**
 * SignedData in a ContentInfo. Without `encapsulated` the content is detached id-data (PAdES);
 * a timestamp token encapsulates its TSTInfo. SignedData v3 is required for any content type
 * other than id-data (RFC 5652 5.1). Certificates, signed attributes and the timestamp token
 * go in as the exact bytes given.
 */
export function encodeSignedData(
  opts: AssembleCmsOptions & { encapsulated?: { contentType: string; content: Buffer }; omitCertificates?: boolean },
): Buffer {
  const signer = signerCertificateOf(opts.signerCertificate);
  const signatureAlgorithm =
    opts.keyAlgorithm === "RSA" ? algorithmIdentifier(oid.rsaEncryption, true) : algorithmIdentifier(oid.ecdsaWithSHA256, false);
  const signedAttributes = oneTlv(opts.signedAttributes, 0x31, "signedAttributes");

  const signerInfo: Buffer[] = [
    derSmallInteger(1),
    signer.issuerAndSerialNumber,
    algorithmIdentifier(oid.sha256, false),
    // [0] IMPLICIT SET OF: only the tag changes; the content stays exactly as signed.
    Buffer.concat([Buffer.from([0xa0]), signedAttributes.subarray(1)]),
    signatureAlgorithm,
    derOctetString(opts.signatureValue),
  ];
  if (opts.timestampToken) {
    const tsAttr = derTlv(
      0x30,
      derOid(oid.signatureTimeStampToken),
      derTlv(0x31, oneTlv(opts.timestampToken, 0x30, "timestamp token")),
    );
    signerInfo.push(derTlv(0xa1, tsAttr));
  }

  const encapContentInfo = opts.encapsulated
    ? derTlv(0x30, derOid(opts.encapsulated.contentType), derTlv(0xa0, derOctetString(opts.encapsulated.content)))
    : derTlv(0x30, derOid(oid.data));
  if (!opts.chain.every((c) => isOneTlv(c, 0x30))) {
    throw new MoharError("cert.invalid", "a certificate of the chain is not a DER X.509 certificate");
  }
  const signedData = derTlv(
    0x30,
    derSmallInteger(opts.encapsulated ? 3 : 1),
    derTlv(0x31, algorithmIdentifier(oid.sha256, false)),
    encapContentInfo,
    ...(opts.omitCertificates ? [] : [derTlv(0xa0, signer.der, ...opts.chain)]),
    derTlv(0x31, derTlv(0x30, ...signerInfo)),
  );
  return derTlv(0x30, derOid(oid.signedData), derTlv(0xa0, signedData));
}
