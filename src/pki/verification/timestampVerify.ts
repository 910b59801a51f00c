import { createHash, type X509Certificate } from "node:crypto";
import * as pkijs from "pkijs";
import { validateChain, type ChainValidation } from "./chainValidation.js";
import { verifyCms } from "./cmsVerify.js";
import { describeX509 } from "../common/certificateInfo.js";
import { digestName } from "../common/signatureCheck.js";
import { validDate } from "../common/validDate.js";

const TST_INFO = "1.2.840.113549.1.9.16.1.4";
const EKU_TIMESTAMPING = "1.3.6.1.5.5.7.3.8";

export interface TimestampVerification {
  /** Imprint matches, token signature verifies, TSA certificate is a time-stamping certificate. */
  ok: boolean;
  genTime: Date | null;
  tsa: { subject: string; serialHex: string } | null;
  imprintOk: boolean;
  signatureOk: boolean;
  chain: ChainValidation | null;
  problems: string[];
}

/**
 * Verifies an RFC 3161 token: its imprint must be the hash of `imprinted` (the signature value
 * for a signature timestamp, the ByteRange bytes for a document timestamp), its CMS signature
 * must hold, and the TSA chain is validated at genTime against `anchors`.
 */
export function verifyTimestampToken(token: Buffer, imprinted: Buffer, anchors: X509Certificate[], extraCerts: X509Certificate[] = []): TimestampVerification {
  const cms = verifyCms(token, null);
  const res: TimestampVerification = { ok: false, genTime: null, tsa: null, imprintOk: false, signatureOk: false, chain: null, problems: [...cms.problems] };
  if (!cms.parsed) return res;
  if (cms.encapsulatedContentType !== TST_INFO || !cms.encapsulatedContent) {
    res.problems.push("the timestamp token does not contain a TSTInfo");
    return res;
  }
  let tst: pkijs.TSTInfo;
  try {
    tst = pkijs.TSTInfo.fromBER(cms.encapsulatedContent);
  } catch (e) {
    res.problems.push(`the TSTInfo does not parse: ${(e as Error).message}`);
    return res;
  }
  res.genTime = validDate(tst.genTime);
  if (!res.genTime) {
    res.problems.push("the timestamp's genTime is not a valid time");
    return res;
  }
  const hash = digestName(tst.messageImprint.hashAlgorithm.algorithmId);
  if (!hash) res.problems.push(`unsupported imprint hash ${tst.messageImprint.hashAlgorithm.algorithmId}`);
  else {
    res.imprintOk = createHash(hash).update(imprinted).digest().equals(Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView));
    if (!res.imprintOk) res.problems.push("the timestamp's message imprint does not match the timestamped data");
  }
  res.signatureOk = cms.signatureOk && cms.digestOk;
  const tsa = cms.signerCertificate;
  if (tsa) {
    const facts = describeX509(tsa);
    res.tsa = { subject: facts.subject, serialHex: facts.serialHex };
    if (!(facts.extendedKeyUsage ?? []).includes(EKU_TIMESTAMPING)) res.problems.push("the TSA certificate is not marked for time stamping (extended key usage)");
    res.chain = validateChain(tsa, [...cms.certificates, ...extraCerts], anchors, res.genTime);
    res.problems.push(...res.chain.problems.map((p) => `TSA chain: ${p}`));
  }
  res.ok = res.imprintOk && res.signatureOk && !!tsa && (describeX509(tsa).extendedKeyUsage ?? []).includes(EKU_TIMESTAMPING);
  return res;
}
