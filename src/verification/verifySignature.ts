import { createHash, X509Certificate } from "node:crypto";
import { checkByteRange, isLocked, parsePdfDate, type FieldLock, type PdfStructure, type RevisionChange, type SignatureField } from "../pdf/index.js";
import {
  describeX509,
  indiaPkiProfile,
  subjectOf,
  validateChain,
  withinValidity,
  verifyCms,
  verifyTimestampToken,
  validDate,
  type CmsVerification,
  type TimestampVerification,
} from "../pki/index.js";
import { expiredTimestampFinding, type ExistenceProof } from "./longTermProof.js";
import type { OutsideData, UndecidedCertificate } from "./outsideRevocation.js";
import { checkChainRevocation } from "./revocationChecks.js";
import type { SignatureReport, TimestampSummary } from "./report.js";
import { sortFindings, verdictOf, type Finding } from "./verdict.js";

/** What every signature of one document is checked against. */
export interface DocumentContext {
  pdf: PdfStructure;
  anchors: X509Certificate[];
  /** Certificates, CRLs and OCSP responses from the /DSS. */
  dssCerts: X509Certificate[];
  dssCrls: Buffer[];
  dssOcsps: Buffer[];
  /** changes[j]: what revision j (0-based) changed relative to j - 1. */
  changes: RevisionChange[][];
  /** A finding for bytes after the last revision, if any. */
  trailing: RevisionChange | null;
  now: Date;
  /** Revocation data from outside the PDF (CRL directory, live answers): the second pass only. */
  outside: OutsideData | null;
  /** Certificates the PDF's own revocation data did not decide, collected for the outside sources. */
  undecided: UndecidedCertificate[];
  /** Valid document timestamps met so far (signatures are verified newest first): PAdES B-LTA proofs of existence. */
  proofs: ExistenceProof[];
}

const DETACHED = new Set(["adbe.pkcs7.detached", "ETSI.CAdES.detached"]);
const DOC_TS = "ETSI.RFC3161";

function summarizeTimestamp(t: TimestampVerification): TimestampSummary {
  return { genTime: t.genTime?.toISOString() ?? null, tsa: t.tsa, ok: t.ok && !!t.chain?.trusted, problems: t.problems };
}

/** A FieldMDP lock turns form filling of a locked field into a disallowed change for this signature. */
function applyFieldLock(c: RevisionChange, lock: FieldLock | null, signatureField: string): RevisionChange {
  if (!lock || c.category !== "form_fill" || c.classification !== "allowed" || !c.fieldName || !isLocked(lock, c.fieldName)) return c;
  return { ...c, classification: "not_allowed", description: `${c.description}; but signature '${signatureField}' locks field '${c.fieldName}' (FieldMDP)` };
}

/** A report with nothing verified yet: every check false until proven. */
export function blankReport(ctx: Pick<DocumentContext, "now">, field: SignatureField): SignatureReport {
  const sig = field.signature;
  const subFilter = sig?.subFilter ?? null;
  const isDocTs = subFilter === DOC_TS || sig?.type === "DocTimeStamp";
  return {
    fieldName: field.fieldName,
    kind: isDocTs ? "document_timestamp" : "signature",
    subFilter,
    signer: null,
    claimedSigningTime: null,
    signingTime: { time: ctx.now.toISOString(), source: "validation_time" },
    timestamp: null,
    reason: sig?.reason ?? null,
    location: sig?.location ?? null,
    signerName: sig?.name ?? null,
    certificationLevel: sig?.docMdpP === 1 || sig?.docMdpP === 2 || sig?.docMdpP === 3 ? sig.docMdpP : null,
    integrity: { byteRangeOk: false, coversWholeRevision: false, digestOk: false, signatureOk: false, essCertificateOk: null },
    certificate: { chainOk: false, trusted: false, validAtSigningTime: false, keyUsageOk: false, path: [], indiaPki: null },
    revocation: { status: "no_data", source: null, detail: "not checked", checks: [] },
    revision: null,
    changesAfter: [],
    status: "TOTAL_FAILED",
    subIndication: "FORMAT_FAILURE",
    statusReason: "",
    problems: [],
  };
}

/** Verifies one signature field's signature (or document timestamp) into a report. */
export function verifySignature(ctx: DocumentContext, field: SignatureField): SignatureReport {
  const f: Finding[] = [];
  const fail = (subIndication: Finding["subIndication"], reason: string): void => {
    f.push({ status: "TOTAL_FAILED", subIndication, reason });
  };
  const indeterminate = (subIndication: Finding["subIndication"], reason: string): void => {
    f.push({ status: "INDETERMINATE", subIndication, reason });
  };
  const sig = field.signature;
  const subFilter = sig?.subFilter ?? null;
  const isDocTs = subFilter === DOC_TS || sig?.type === "DocTimeStamp";
  const report = blankReport(ctx, field);
  const finish = (): SignatureReport => {
    const sorted = sortFindings(f);
    Object.assign(report, verdictOf(sorted));
    report.problems = sorted.map((x) => x.reason);
    return report;
  };
  if (!sig) {
    const last = ctx.pdf.revisions[ctx.pdf.revisions.length - 1];
    const num = field.valueRef?.num ?? field.fieldRef?.num;
    const why = last && num !== undefined ? `: ${last.objects.whyUnreadable(num)} (the file is damaged there)` : "";
    fail("FORMAT_FAILURE", `the signature field's /V is not a readable signature dictionary${why}`);
    return finish();
  }

  // Where the signature sits and what it covers.
  const br = checkByteRange(ctx.pdf, sig);
  report.integrity.byteRangeOk = br.byteRangeOk;
  report.integrity.coversWholeRevision = br.coversWholeRevision;
  for (const p of br.problems) fail("FORMAT_FAILURE", p);
  const revIndex = br.signedRevision ?? br.dictRevision;
  const rev = revIndex === null ? undefined : ctx.pdf.revisions[revIndex];
  if (rev) {
    report.revision = { index: rev.index + 1, endOffset: rev.endOffset };
    report.changesAfter = ctx.changes.slice(rev.index + 1).flat().map((c) => applyFieldLock(c, sig.fieldLock, field.fieldName));
  }
  if (ctx.trailing) report.changesAfter.push(ctx.trailing);
  const notAllowed = report.changesAfter.filter((c) => c.classification === "not_allowed");
  if (notAllowed.length > 0) {
    fail("SIG_CONSTRAINTS_FAILURE", `the document was changed after signing in ways a signature does not permit: ${notAllowed.map((c) => `${c.description} (revision ${c.revision})`).join("; ")}`);
  }

  const claimed = parsePdfDate(sig.signingTime);
  if (!isDocTs && !DETACHED.has(subFilter ?? "") && subFilter !== "adbe.pkcs7.sha1") {
    // ETSI EN 319 102-1: a format the validator does not support leaves the signature undecided, not failed.
    indeterminate("GENERIC", `the signature's format (/SubFilter ${subFilter ?? "(none)"}) is one mohar cannot check; its validity is unknown, not disproved`);
    return finish();
  }
  if (!br.cms || br.cms.every((b) => b === 0)) return finish();

  // Integrity and signer.
  let cms: CmsVerification;
  let docTs: TimestampVerification | null = null;
  /** Whether the ByteRange yielded bytes to check the digest against. */
  let haveSignedBytes = false;
  if (isDocTs) {
    cms = verifyCms(br.cms, null);
    if (br.signedBytes) {
      docTs = verifyTimestampToken(br.cms, br.signedBytes, ctx.anchors, ctx.dssCerts);
      report.integrity.digestOk = docTs.imprintOk;
      report.integrity.signatureOk = docTs.signatureOk;
      report.timestamp = summarizeTimestamp(docTs);
      if (!docTs.imprintOk) fail("HASH_FAILURE", "the document timestamp's imprint does not match the signed bytes");
      if (cms.parsed && !docTs.signatureOk) fail("SIG_CRYPTO_FAILURE", "the document timestamp's signature does not verify");
    }
  } else if (subFilter === "adbe.pkcs7.sha1") {
    cms = verifyCms(br.cms, null);
    haveSignedBytes = br.signedBytes !== null;
    const want = br.signedBytes ? createHash("sha1").update(br.signedBytes).digest() : null;
    const contentOk = !!want && !!cms.encapsulatedContent && want.equals(cms.encapsulatedContent);
    report.integrity.digestOk = contentOk && cms.digestOk;
    report.integrity.signatureOk = cms.signatureOk;
    if (cms.parsed && !contentOk) fail("HASH_FAILURE", "the SHA-1 digest in the signature does not match the signed bytes");
  } else {
    cms = verifyCms(br.cms, br.signedBytes);
    report.integrity.digestOk = cms.digestOk;
    report.integrity.signatureOk = cms.signatureOk;
    haveSignedBytes = br.signedBytes !== null;
  }
  report.integrity.essCertificateOk = cms.essCertificateOk;
  if (!cms.parsed) {
    fail("FORMAT_FAILURE", cms.problems[0] ?? "the CMS does not parse");
    return finish();
  }
  if (!isDocTs) {
    if (haveSignedBytes && !report.integrity.digestOk && cms.digestAlgorithm) fail("HASH_FAILURE", "the digest of the signed bytes does not match the one that was signed");
    if (cms.unsupportedAlgorithm) {
      indeterminate("CRYPTO_CONSTRAINTS_FAILURE", `the signature uses ${cms.unsupportedAlgorithm}, which mohar cannot check; its validity is unknown, not disproved`);
    } else if (cms.signerCertificate && !cms.signatureOk) fail("SIG_CRYPTO_FAILURE", cms.problems.find((p) => /signature/.test(p)) ?? "the signature value does not verify");
    if (cms.essCertificateOk === false) fail("FORMAT_FAILURE", "the ESS signing-certificate attribute does not name the signer certificate");
    if (!cms.attributesOk) fail("FORMAT_FAILURE", cms.problems.find((p) => /attribute/.test(p)) ?? "the signed attributes are incomplete");
    // PAdES (ETSI.CAdES.detached) requires signing-certificate-v2: without it the signer certificate could be swapped.
    if (subFilter === "ETSI.CAdES.detached" && cms.essCertificateOk === null) {
      fail("FORMAT_FAILURE", "the CAdES signature lacks the mandatory ESS signing-certificate-v2 attribute");
    }
  }
  const signer = cms.signerCertificate;
  if (!signer) {
    indeterminate("NO_SIGNING_CERTIFICATE_FOUND", "the signer's certificate is not in the signature");
    return finish();
  }
  const facts = describeX509(signer);
  report.signer = {
    subject: facts.subject,
    issuer: facts.issuer,
    serialHex: facts.serialHex,
    policies: facts.policies,
    notBefore: validDate(facts.notBefore)?.toISOString() ?? null,
    notAfter: validDate(facts.notAfter)?.toISOString() ?? null,
  };

  // Signing time: a verified timestamp proves it; otherwise the signer's claim.
  const claimedTime = claimed ?? cms.signingTimeAttribute;
  report.claimedSigningTime = claimedTime?.toISOString() ?? null;
  let proven: Date | null = null;
  let stamp: TimestampVerification | null = docTs;
  if (docTs) {
    if (docTs.genTime && docTs.ok && docTs.chain?.trusted && docTs.chain.validAtTime) proven = docTs.genTime;
  } else if (cms.timestampTokens[0] && cms.signatureValue) {
    const ts = verifyTimestampToken(cms.timestampTokens[0], cms.signatureValue, ctx.anchors, ctx.dssCerts);
    stamp = ts;
    report.timestamp = summarizeTimestamp(ts);
    // Only a trusted TSA proves the time; an untrusted token could be backdated at will.
    if (ts.ok && ts.genTime && ts.chain?.trusted && ts.chain.validAtTime) proven = ts.genTime;
    if (!report.timestamp.ok) indeterminate("TIMESTAMP_FAILURE", `the signature timestamp is not valid: ${ts.problems.join("; ") || "its TSA is not trusted"}`);
  }
  if (proven && stamp) {
    const expired = expiredTimestampFinding(stamp, report.revision?.index ?? null, ctx.now, ctx.proofs);
    if (expired) f.push(expired);
  }
  const at = proven ?? claimedTime ?? ctx.now;
  report.signingTime = { time: at.toISOString(), source: proven ? "timestamp" : claimedTime ? "claimed" : "validation_time" };

  // Certificate path, validity and key usage.
  const chain = validateChain(signer, [...cms.certificates, ...ctx.dssCerts], ctx.anchors, at);
  report.certificate = {
    chainOk: chain.chainOk,
    trusted: chain.trusted,
    validAtSigningTime: chain.validAtTime,
    keyUsageOk: isDocTs ? (facts.extendedKeyUsage ?? []).includes("1.3.6.1.5.5.7.3.8") : facts.keyUsage === null || facts.keyUsage.includes("digitalSignature") || facts.keyUsage.includes("nonRepudiation"),
    path: chain.path.map(subjectOf),
    indiaPki: indiaPkiProfile(signer, chain.path, chain.trusted),
  };
  if (!chain.chainOk || !chain.trusted) indeterminate("NO_CERTIFICATE_CHAIN_FOUND", `no certificate path to a trusted root: ${chain.problems.join("; ") || "the chain is incomplete"}`);
  if (!chain.validAtTime) {
    if (proven) fail("EXPIRED", `a certificate was outside its validity period at the timestamped signing time ${at.toISOString()}`);
    else indeterminate("OUT_OF_BOUNDS_NO_POE", `a certificate was outside its validity period at the claimed signing time ${at.toISOString()} (no timestamp proves the time)`);
  } else if (!proven && !chain.path.every((c) => withinValidity(c, ctx.now))) {
    // The claimed time is the signer's word: an expired key could sign today and claim a date
    // when it was valid. Without a timestamp, the certificates must be valid now.
    indeterminate(
      "OUT_OF_BOUNDS_NO_POE",
      `a certificate of the chain is outside its validity period now (${ctx.now.toISOString()}) and no timestamp proves the signature was made at the claimed time ${at.toISOString()}`,
    );
  }
  if (!report.certificate.keyUsageOk) {
    indeterminate("CHAIN_CONSTRAINTS_FAILURE", isDocTs ? "the TSA certificate is not a time-stamping certificate" : "the signer certificate's key usage allows neither digitalSignature nor nonRepudiation");
  }

  // Revocation: the PDF's own data, then (second pass) the CRL directory and live answers.
  checkChainRevocation(
    {
      outside: ctx.outside,
      undecided: ctx.undecided,
      crls: [...cms.crls.map((der) => ({ der, source: "cms" })), ...ctx.dssCrls.map((der) => ({ der, source: "dss" }))],
      ocsps: [...cms.ocspResponses.map((der) => ({ der, source: "cms" })), ...ctx.dssOcsps.map((der) => ({ der, source: "dss" }))],
      path: chain.path,
      trusted: chain.trusted,
      mayFetch: chain.trusted && report.integrity.digestOk && report.integrity.signatureOk,
      at,
      proven,
      claimedTime: claimedTime ?? null,
    },
    report,
    f,
  );
  return finish();
}
