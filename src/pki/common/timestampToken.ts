import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { parseCms } from "./cmsParse.js";
import { oid } from "./oids.js";
import { verifyRawSignature } from "./rawSignature.js";

export interface TimestampInfo {
  genTime: Date;
  policy: string;
  serialHex: string;
  /** OID of the hash algorithm of the message imprint. */
  imprintAlgorithm: string;
  imprint: Buffer;
  /** Hex of the nonce, when the token has one. */
  nonceHex: string | null;
  /** DER of the certificates the token carries (the TSA's first when present). */
  certificates: Buffer[];
}

/** Reads the TSTInfo and certificates of an RFC 3161 TimeStampToken (a CMS SignedData). */
export function parseTimestampToken(token: Buffer): TimestampInfo {
  const ci = pkijs.ContentInfo.fromBER(token);
  if (ci.contentType !== oid.signedData) throw new Error("the timestamp token is not CMS SignedData");
  const sd = new pkijs.SignedData({ schema: ci.content });
  if (sd.encapContentInfo.eContentType !== oid.tstInfo || !sd.encapContentInfo.eContent) {
    throw new Error("the timestamp token does not encapsulate a TSTInfo");
  }
  const tst = pkijs.TSTInfo.fromBER(sd.encapContentInfo.eContent.getValue());
  const certSet = (ci.content as asn1js.Sequence).valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0);
  const certificates =
    certSet instanceof asn1js.Constructed ? certSet.valueBlock.value.map((c) => Buffer.from((c as asn1js.BaseBlock).valueBeforeDecodeView)) : [];
  return {
    genTime: tst.genTime,
    policy: tst.policy,
    serialHex: Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString("hex"),
    imprintAlgorithm: tst.messageImprint.hashAlgorithm.algorithmId,
    imprint: Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
    nonceHex: tst.nonce ? Buffer.from(tst.nonce.valueBlock.valueHexView).toString("hex") : null,
    certificates,
  };
}

const hashNames: Record<string, string> = {
  [oid.sha256]: "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

/**
 * Checks the token's own CMS signature: the message digest of the TSTInfo and the signature by
 * the included TSA certificate. (pkijs' verify wants the timestamped data itself, which the
 * caller of a TSA does not have.) Trust in the TSA's chain is the verifier's business.
 */
export function timestampSignatureValid(token: Buffer): boolean {
  let cms;
  try {
    cms = parseCms(token);
  } catch {
    return false;
  }
  const hash = hashNames[cms.digestAlgorithm];
  if (!hash || !cms.content || !cms.messageDigest || cms.contentType !== oid.tstInfo) return false;
  if (!createHash(hash).update(cms.content).digest().equals(cms.messageDigest)) return false;
  return verifyRawSignature(cms.signerCertificate, cms.signedAttributes, cms.signatureValue, hash);
}
