import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { MoharError } from "../../errors.js";
import { verifyCms } from "../verification/cmsVerify.js";
import { oid } from "./oids.js";
import { verifyRawSignature } from "./rawSignature.js";

export interface ParsedCms {
  /** DER of the certificate the signer info points to. */
  signerCertificate: Buffer;
  /** DER of every certificate in the CMS, in the order given. */
  certificates: Buffer[];
  /** The signed attributes as the DER SET OF that was signed (tag 0x31, not [0]). */
  signedAttributes: Buffer;
  signatureValue: Buffer;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  /** The message-digest attribute; null when absent. */
  messageDigest: Buffer | null;
  /** DER of the signature timestamp token in the unsigned attributes, if any. */
  timestampToken: Buffer | null;
  /** Whether the signed content is absent, as in PAdES (detached). */
  detached: boolean;
  /** The encapsulated content type and, unless detached, the content. */
  contentType: string;
  content: Buffer | null;
}

const invalid = (detail: string, cause?: unknown): MoharError =>
  new MoharError("cms.invalid", `the CMS signature is not usable: ${detail}`, { cause });

function rawBytes(block: asn1js.AsnType): Buffer {
  return Buffer.from((block as asn1js.BaseBlock).valueBeforeDecodeView);
}

function attributeValue(attrs: pkijs.SignedAndUnsignedAttributes | undefined, type: string): asn1js.AsnType | undefined {
  return attrs?.attributes.find((a) => a.type === type)?.values[0];
}

/** Parses a CMS SignedData with exactly one signer, keeping every byte string exactly as sent. */
export function parseCms(der: Buffer): ParsedCms {
  let content: asn1js.Sequence;
  let signedData: pkijs.SignedData;
  try {
    const ci = pkijs.ContentInfo.fromBER(der);
    if (ci.contentType !== oid.signedData) throw invalid(`content type ${ci.contentType} is not SignedData`);
    content = ci.content as asn1js.Sequence;
    signedData = new pkijs.SignedData({ schema: ci.content });
  } catch (err) {
    if (err instanceof MoharError) throw err;
    throw invalid("it is not DER-encoded CMS SignedData", err);
  }
  if (signedData.signerInfos.length !== 1) throw invalid(`it has ${signedData.signerInfos.length} signer infos, not one`);
  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;
  if (!signerInfo.signedAttrs) throw invalid("it has no signed attributes");

  const certSet = content.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0);
  const certificates = certSet instanceof asn1js.Constructed ? certSet.valueBlock.value.map(rawBytes) : [];
  const parsedCerts = signedData.certificates ?? [];
  const signerIndex = parsedCerts.findIndex((c) => {
    if (!(c instanceof pkijs.Certificate)) return false;
    if (signerInfo.sid instanceof pkijs.IssuerAndSerialNumber) {
      return c.issuer.isEqual(signerInfo.sid.issuer) && c.serialNumber.isEqual(signerInfo.sid.serialNumber);
    }
    const ski = c.extensions?.find((e) => e.extnID === oid.subjectKeyIdentifier);
    const skiValue = ski ? asn1js.fromBER(ski.extnValue.valueBlock.valueHexView).result : undefined;
    const sidKeyId = (signerInfo.sid as asn1js.OctetString).valueBlock?.valueHexView;
    return skiValue instanceof asn1js.OctetString && sidKeyId !== undefined && Buffer.from(skiValue.valueBlock.valueHexView).equals(Buffer.from(sidKeyId));
  });
  const signerCertificate = certificates[signerIndex];
  if (signerIndex < 0 || !signerCertificate) throw invalid("it does not include the signer's certificate");

  const signedAttributes = Buffer.from(signerInfo.signedAttrs.encodedValue);
  signedAttributes[0] = 0x31;
  const md = attributeValue(signerInfo.signedAttrs, oid.messageDigest);
  const ts = attributeValue(signerInfo.unsignedAttrs, oid.signatureTimeStampToken);
  return {
    signerCertificate,
    certificates,
    signedAttributes,
    signatureValue: Buffer.from(signerInfo.signature.valueBlock.valueHexView),
    digestAlgorithm: signerInfo.digestAlgorithm.algorithmId,
    signatureAlgorithm: signerInfo.signatureAlgorithm.algorithmId,
    messageDigest: md instanceof asn1js.OctetString ? Buffer.from(md.valueBlock.valueHexView) : null,
    timestampToken: ts ? rawBytes(ts) : null,
    detached: signedData.encapContentInfo.eContent === undefined,
    contentType: signedData.encapContentInfo.eContentType,
    content: signedData.encapContentInfo.eContent ? Buffer.from(signedData.encapContentInfo.eContent.getValue()) : null,
  };
}

/**
 * For two-phase signing with a CMS made outside mohar: the CMS must be detached SHA-256, sign
 * exactly `contentDigest`, and carry a signature that the included signer certificate verifies.
 */
export function checkCmsForContent(der: Buffer, contentDigest: Buffer): ParsedCms {
  const cms = parseCms(der);
  if (!cms.detached) throw invalid("it embeds its content; PDF signatures are detached");
  if (cms.digestAlgorithm !== oid.sha256) throw invalid(`its digest algorithm ${cms.digestAlgorithm} is not SHA-256`);
  if (!cms.messageDigest || !cms.messageDigest.equals(contentDigest)) {
    throw new MoharError("cms.digest_mismatch", "the CMS signs different content than the prepared document (message-digest mismatch)");
  }
  if (!verifyRawSignature(cms.signerCertificate, cms.signedAttributes, cms.signatureValue)) {
    throw new MoharError("signature.mismatch", "the CMS signature does not verify with the signer certificate it contains");
  }
  return cms;
}

/**
 * A CMS made outside mohar must be what PAdES (ETSI.CAdES.detached) requires of the signed
 * attributes, or the stored signature would fail verification: a content-type of id-data and an
 * ESS signing-certificate(-v2) that names the signer certificate. Plain `openssl cms -sign`
 * (without -cades) and PKCS#7 signers that omit the ESS attribute are refused here.
 */
export function assertPadesCms(der: Buffer, signedBytes: Buffer): void {
  const check = verifyCms(der, signedBytes);
  const notPades = (detail: string): MoharError =>
    new MoharError("cms.not_pades", `the CMS is not a PAdES baseline signature: ${detail}`);
  if (check.encapsulatedContentType !== oid.data) throw notPades(`its content type is ${String(check.encapsulatedContentType)}, not id-data`);
  if (!check.attributesOk) throw notPades(check.problems.find((p) => /attribute/.test(p)) ?? "its signed attributes are incomplete");
  if (check.essCertificateOk === null) throw notPades("it lacks the ESS signing-certificate-v2 attribute (with openssl, sign with -cades)");
  if (!check.essCertificateOk) throw notPades("its ESS signing-certificate attribute does not name the signer certificate");
}
