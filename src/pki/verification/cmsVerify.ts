import { createHash, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { pkijsCertificates, readCertificates, splitCertificates, type CmsCertificate } from "./cmsCertificates.js";
import { readSignedDataParts, type SignedDataParts } from "./cmsSignedData.js";
import { checkSignature, digestName, publicKeyOf } from "../common/signatureCheck.js";
import { validDate } from "../common/validDate.js";
import { weakMemo } from "../common/weakMemo.js";

const OID = {
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  timestampToken: "1.2.840.113549.1.9.16.2.14",
  adbeRevocation: "1.2.840.113583.1.1.8",
  ocspRevInfo: "1.3.6.1.5.5.7.16.2",
} as const;

/** What a CMS SignedData says and whether its signature holds (for one signer). */
export interface CmsVerification {
  /** False when the bytes are not a CMS SignedData at all; `problems` says why. */
  parsed: boolean;
  problems: string[];
  signerCertificate: X509Certificate | null;
  /** Every certificate the CMS carries (signer, intermediates, sometimes the root). */
  certificates: X509Certificate[];
  /** Node hash name of the signer's digest algorithm. */
  digestAlgorithm: string | undefined;
  /** The content (detached or encapsulated) hashes to the messageDigest attribute. */
  digestOk: boolean;
  /** The signature over the signed attributes (or content) verifies with the signer's key. */
  signatureOk: boolean;
  /** Why the signature could not be checked at all: an algorithm (signature or digest) mohar does not support. */
  unsupportedAlgorithm: string | null;
  /** Signed attributes, when present, include a matching contentType and a messageDigest. */
  attributesOk: boolean;
  /** ESS signing-certificate(-v2) names the signer certificate; null when the attribute is absent. */
  essCertificateOk: boolean | null;
  signingTimeAttribute: Date | undefined;
  /** The encapsulated content (e.g. TSTInfo, or the SHA-1 digest for adbe.pkcs7.sha1). */
  encapsulatedContent: Buffer | null;
  encapsulatedContentType: string | undefined;
  signatureValue: Buffer | null;
  /** RFC 3161 tokens from the unsigned signature-time-stamp attribute (DER ContentInfo). */
  timestampTokens: Buffer[];
  /** CRLs and OCSP responses the CMS embeds (SignedData.crls and adbe-revocationInfoArchival). */
  crls: Buffer[];
  ocspResponses: Buffer[];
}

function raw(block: asn1js.AsnType): Buffer {
  const b = block as asn1js.BaseBlock;
  return Buffer.from(b.valueBeforeDecodeView.byteLength > 0 ? b.valueBeforeDecodeView : new Uint8Array(b.toBER()));
}

/** DER length of the leading TLV, so zero padding after the CMS in /Contents is ignored. */
/**
 * The CMS without the zero padding of the /Contents placeholder after it: the outer DER length
 * says where it ends (a CMS of tens of KB, parsed once more just to find its end, cost as much as
 * its signature check). An indefinite (BER) length is found by parsing.
 */
function trimPadding(der: Buffer): Buffer {
  const first = der[1];
  if (der[0] === 0x30 && first !== undefined && first !== 0x80) {
    let length = first;
    let header = 2;
    if (first > 0x80) {
      const n = first & 0x7f;
      if (n > 4 || der.length < 2 + n) return der;
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + (der[2 + i] as number);
      header = 2 + n;
    }
    return header + length <= der.length ? der.subarray(0, header + length) : der;
  }
  const parsed = asn1js.fromBER(der);
  return parsed.offset > 0 ? der.subarray(0, parsed.offset) : der;
}

function attrValue(attrs: pkijs.SignedAndUnsignedAttributes | undefined, oid: string): asn1js.AsnType | undefined {
  return attrs?.attributes.find((a) => a.type === oid)?.values[0];
}

/** A certificate's issuer name encoded, once per (cached) certificate object. */
const issuerDer = weakMemo((cert: pkijs.Certificate): Buffer => Buffer.from(cert.issuer.toSchema().toBER()));

function matchesSid(cert: pkijs.Certificate, sid: pkijs.SignerInfo["sid"]): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    if (!Buffer.from(cert.serialNumber.valueBlock.valueHexView).equals(Buffer.from(sid.serialNumber.valueBlock.valueHexView))) return false;
    // The name as carried equal to the certificate's issuer encoded is a match without reading it
    // again (asn1js's encoding of what it read is its own fixed point); otherwise both encoded, as before.
    const issuer = issuerDer(cert);
    return Buffer.from(sid.issuer.valueBeforeDecode).equals(issuer) || issuer.equals(Buffer.from(sid.issuer.toSchema().toBER()));
  }
  if (sid instanceof asn1js.Constructed || sid instanceof asn1js.Primitive) {
    const ski = cert.extensions?.find((e) => e.extnID === "2.5.29.14");
    if (!ski) return false;
    const inner = asn1js.fromBER(ski.extnValue.valueBlock.valueHexView).result as asn1js.OctetString;
    const want = sid instanceof asn1js.Primitive ? sid.valueBlock.valueHexView : new Uint8Array(0);
    return Buffer.from(inner.valueBlock.valueHexView ?? []).equals(Buffer.from(want));
  }
  return false;
}

/** ESS signing-certificate(-v2): the first ESSCertID's hash must be over the signer certificate. */
function essMatches(attr: asn1js.AsnType, v2: boolean, certDer: Buffer): boolean {
  if (!(attr instanceof asn1js.Sequence)) return false;
  const certs = attr.valueBlock.value[0];
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return false;
  let hash = v2 ? "sha256" : "sha1";
  let idx = 0;
  const head = first.valueBlock.value[0];
  if (v2 && head instanceof asn1js.Sequence) {
    const oid = head.valueBlock.value[0];
    hash = oid instanceof asn1js.ObjectIdentifier ? (digestName(oid.valueBlock.toString()) ?? "") : "";
    idx = 1;
  }
  const certHash = first.valueBlock.value[idx];
  if (!hash || !(certHash instanceof asn1js.OctetString)) return false;
  return createHash(hash).update(certDer).digest().equals(Buffer.from(certHash.valueBlock.valueHexView));
}

function revocationArchival(attr: asn1js.AsnType, crls: Buffer[], ocsps: Buffer[]): void {
  if (!(attr instanceof asn1js.Sequence)) return;
  for (const tagged of attr.valueBlock.value) {
    const tag = tagged.idBlock.tagNumber;
    const inner = (tagged as asn1js.Constructed).valueBlock?.value?.[0];
    if (!(inner instanceof asn1js.Sequence)) continue;
    for (const item of inner.valueBlock.value) (tag === 0 ? crls : tag === 1 ? ocsps : []).push(raw(item));
  }
}

function emptyResult(problem: string): CmsVerification {
  return {
    parsed: false,
    problems: [problem],
    signerCertificate: null,
    certificates: [],
    digestAlgorithm: undefined,
    digestOk: false,
    signatureOk: false,
    unsupportedAlgorithm: null,
    attributesOk: false,
    essCertificateOk: null,
    signingTimeAttribute: undefined,
    encapsulatedContent: null,
    encapsulatedContentType: undefined,
    signatureValue: null,
    timestampTokens: [],
    crls: [],
    ocspResponses: [],
  };
}

/**
 * Verifies a CMS SignedData for its (first) signer: digest of `detachedContent` (or of the
 * encapsulated content when null) against messageDigest, and the signature over the signed
 * attributes. Never throws on bad input: problems are returned in the result.
 */
export function verifyCms(der: Buffer, detachedContent: Buffer | null): CmsVerification {
  let ciContent: asn1js.AsnType | null = null;
  let sd: SignedDataParts;
  const problems: string[] = [];
  let certPairs: CmsCertificate[] | null;
  try {
    const trimmed = trimPadding(der);
    const split = splitCertificates(trimmed);
    // The plain layout read in parts (cmsSignedData.ts); anything else read whole by pkijs, as before.
    const parts = split ? readSignedDataParts(split.rest) : null;
    const ci = parts ? null : pkijs.ContentInfo.fromBER(split?.rest ?? trimmed);
    if (ci && ci.contentType !== OID.signedData) return emptyResult(`the CMS content type is ${ci.contentType}, not SignedData`);
    certPairs = split ? readCertificates(split.certificates, problems) : null;
    if (parts) sd = parts;
    else {
      ciContent = ci?.content as asn1js.AsnType;
      sd = new pkijs.SignedData({ schema: ciContent });
    }
  } catch (e) {
    return emptyResult(`the CMS does not parse: ${(e as Error).message}`);
  }
  const res = emptyResult("");
  res.parsed = true;
  res.problems = problems;
  certPairs ??= pkijsCertificates(sd as pkijs.SignedData, ciContent as asn1js.AsnType, res.problems);
  res.certificates = certPairs.map(([, x]) => x);
  for (const c of sd.crls ?? []) {
    if (c instanceof pkijs.CertificateRevocationList) res.crls.push(Buffer.from(c.toSchema().toBER()));
    else if (c instanceof pkijs.OtherRevocationInfoFormat && c.otherRevInfoFormat === OID.ocspRevInfo) {
      res.ocspResponses.push(raw(c.otherRevInfo as asn1js.AsnType));
    }
  }
  const eci = sd.encapContentInfo;
  res.encapsulatedContentType = eci.eContentType;
  if (eci.eContent) res.encapsulatedContent = Buffer.from(eci.eContent.getValue());
  const si = sd.signerInfos[0];
  if (!si) {
    res.problems.push("the CMS has no signer");
    return res;
  }
  if (sd.signerInfos.length > 1) res.problems.push(`the CMS has ${sd.signerInfos.length} signers; only the first is checked`);
  const signer = certPairs.find(([c]) => matchesSid(c, si.sid));
  res.signerCertificate = signer?.[1] ?? null;
  if (!signer) res.problems.push("the signer's certificate is not in the CMS");
  res.signatureValue = Buffer.from(si.signature.valueBlock.valueHexView);
  res.digestAlgorithm = digestName(si.digestAlgorithm.algorithmId);
  if (!res.digestAlgorithm) {
    res.unsupportedAlgorithm = `digest algorithm ${si.digestAlgorithm.algorithmId}`;
    res.problems.push(`unsupported digest algorithm ${si.digestAlgorithm.algorithmId}`);
  }

  const content = detachedContent ?? res.encapsulatedContent;
  const signedAttrs = si.signedAttrs;
  let signedBytes: Uint8Array | null = null;
  res.attributesOk = true;
  if (signedAttrs) {
    const md = attrValue(signedAttrs, OID.messageDigest);
    if (!(md instanceof asn1js.OctetString)) {
      res.attributesOk = false;
      res.problems.push("the signed attributes lack a messageDigest");
    }
    else if (!content) res.problems.push("there is no content to check the messageDigest against");
    else if (res.digestAlgorithm) {
      res.digestOk = createHash(res.digestAlgorithm).update(content).digest().equals(Buffer.from(md.valueBlock.valueHexView));
      if (!res.digestOk) res.problems.push("the digest of the signed bytes does not match the messageDigest attribute");
    }
    const ct = attrValue(signedAttrs, OID.contentType);
    if (!(ct instanceof asn1js.ObjectIdentifier) || ct.valueBlock.toString() !== eci.eContentType) {
      res.attributesOk = false;
      res.problems.push("the contentType attribute is missing or does not match the content");
    }
    const st = attrValue(signedAttrs, OID.signingTime);
    if (st instanceof asn1js.UTCTime || st instanceof asn1js.GeneralizedTime) res.signingTimeAttribute = validDate(st.toDate()) ?? undefined;
    signedBytes = new Uint8Array(signedAttrs.encodedValue);
    const ess2 = attrValue(signedAttrs, OID.signingCertificateV2);
    const ess1 = attrValue(signedAttrs, OID.signingCertificate);
    if (signer && (ess2 || ess1)) {
      res.essCertificateOk = essMatches((ess2 ?? ess1) as asn1js.AsnType, !!ess2, signer[1].raw);
      if (!res.essCertificateOk) res.problems.push("the ESS signing-certificate attribute does not name the signer certificate");
    }
    const arch = attrValue(signedAttrs, OID.adbeRevocation);
    if (arch) revocationArchival(arch, res.crls, res.ocspResponses);
  } else if (content) {
    // No signed attributes: the signature is directly over the content, so it alone proves the digest.
    signedBytes = content;
  } else res.problems.push("there is no content to verify the signature over");

  const key = signer ? publicKeyOf(signer[1]) : null;
  if (signer && !key) res.problems.push("the signer certificate's public key cannot be decoded");
  if (key && signedBytes) {
    const check = checkSignature(si.signatureAlgorithm, si.digestAlgorithm.algorithmId, signedBytes, res.signatureValue, key);
    res.signatureOk = check.ok;
    if (check.unsupported) res.unsupportedAlgorithm ??= `signature algorithm ${si.signatureAlgorithm.algorithmId}`;
    if (check.problem) res.problems.push(check.problem);
    else if (!check.ok) res.problems.push("the signature value does not verify with the signer's public key");
    if (!signedAttrs) res.digestOk = check.ok;
  }
  for (const a of si.unsignedAttrs?.attributes ?? []) {
    if (a.type === OID.timestampToken && a.values[0]) res.timestampTokens.push(raw(a.values[0]));
  }
  return res;
}
