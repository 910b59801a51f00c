import * as asn1js from "asn1js";
import { parseCertificate } from "./certificateInfo.js";
import { algorithmIdentifier, parseDer, toDer } from "./der.js";
import { oid } from "./oids.js";
import type { KeyAlgorithm } from "./signingKey.js";

export interface AssembleCmsOptions {
  /** DER SET OF attributes exactly as signed (from buildSignedAttributes). */
  signedAttributes: Buffer;
  /** The signature over `signedAttributes` (RSA PKCS#1 v1.5 or DER ECDSA). */
  signatureValue: Buffer;
  signerCertificate: Buffer;
  /** Issuing certificates, issuer first. */
  chain: Buffer[];
  keyAlgorithm: KeyAlgorithm;
  /** RFC 3161 TimeStampToken over the signature value (PAdES B-T). */
  timestampToken?: Buffer;
}

function implicitContext(tagNumber: number, der: Buffer, what: string): asn1js.Constructed {
  // Re-tag a DER SET as [n] IMPLICIT, keeping its content bytes unchanged.
  const set = parseDer(der, what);
  if (!(set instanceof asn1js.Set)) throw new Error(`${what} must be a DER SET`);
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: set.valueBlock.value });
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
 * other than id-data (RFC 5652 5.1).
 */
export function encodeSignedData(
  opts: AssembleCmsOptions & { encapsulated?: { contentType: string; content: Buffer }; omitCertificates?: boolean },
): Buffer {
  const signer = parseCertificate(opts.signerCertificate);
  const sid = new asn1js.Sequence({ value: [signer.issuer.toSchema(), signer.serialNumber] });
  const signatureAlgorithm =
    opts.keyAlgorithm === "RSA" ? algorithmIdentifier(oid.rsaEncryption, true) : algorithmIdentifier(oid.ecdsaWithSHA256, false);

  const signerInfo: asn1js.AsnType[] = [
    new asn1js.Integer({ value: 1 }),
    sid,
    algorithmIdentifier(oid.sha256, false),
    implicitContext(0, opts.signedAttributes, "signedAttributes"),
    signatureAlgorithm,
    new asn1js.OctetString({ valueHex: opts.signatureValue }),
  ];
  if (opts.timestampToken) {
    const token = parseDer(opts.timestampToken, "timestamp token");
    const tsAttr = new asn1js.Sequence({
      value: [new asn1js.ObjectIdentifier({ value: oid.signatureTimeStampToken }), new asn1js.Set({ value: [token] })],
    });
    signerInfo.push(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [tsAttr] }));
  }

  const encapContentInfo = new asn1js.Sequence({
    value: opts.encapsulated
      ? [
          new asn1js.ObjectIdentifier({ value: opts.encapsulated.contentType }),
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: opts.encapsulated.content })] }),
        ]
      : [new asn1js.ObjectIdentifier({ value: oid.data })],
  });
  const certificates = [opts.signerCertificate, ...opts.chain].map((c) => parseDer(c, "certificate"));
  const signedData = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: opts.encapsulated ? 3 : 1 }),
      new asn1js.Set({ value: [algorithmIdentifier(oid.sha256, false)] }),
      encapContentInfo,
      ...(opts.omitCertificates ? [] : [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: certificates })]),
      new asn1js.Set({ value: [new asn1js.Sequence({ value: signerInfo })] }),
    ],
  });
  return toDer(
    new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: oid.signedData }),
        new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [signedData] }),
      ],
    }),
  );
}
