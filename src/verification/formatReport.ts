import type { RevocationEntry, SignatureReport, VerificationReport } from "./report.js";
import { REVOCATION_SOURCE_WORDS } from "./revocationWords.js";

const yes = (b: boolean | null): string => (b === null ? "n/a" : b ? "yes" : "NO");

/**
 * "answer from the CA's OCSP responder http://... (answer of 2026-...)", "answer from the office's CRL
 * directory (answer of ...)", "no source answered; OCSP http://...: timeout".
 */
export function answeredBy(e: RevocationEntry): string {
  const what = `${REVOCATION_SOURCE_WORDS.en[e.source]}${e.url ? ` ${e.url}` : ""}${e.answeredAt ? ` (answer of ${e.answeredAt})` : ""}`;
  const failed = e.fetches.filter((f) => f.outcome !== "fetched" && f.outcome !== "cached");
  return failed.length ? `${what}; ${failed.map((f) => `${f.kind.toUpperCase()} ${f.url}: ${f.outcome}`).join("; ")}` : what;
}

function formatSignature(s: SignatureReport, i: number): string[] {
  const lines = [
    `Signature ${i + 1}: ${s.fieldName} (${s.kind === "document_timestamp" ? "document timestamp" : s.subFilter ?? "no SubFilter"})`,
    `  Status:        ${s.status}${s.subIndication ? ` / ${s.subIndication}` : ""}`,
    `                ${s.statusReason}`,
    `  Signer:        ${s.signer ? `${s.signer.subject} (serial ${s.signer.serialHex})` : "unknown"}`,
  ];
  if (s.signer) lines.push(`  Issuer:        ${s.signer.issuer}`);
  if (s.signer?.policies.length) lines.push(`  Policies:      ${s.signer.policies.join(", ")}`);
  lines.push(`  Signing time:  ${s.signingTime.time} (${s.signingTime.source})`);
  if (s.timestamp) lines.push(`  Timestamp:     ${s.timestamp.genTime ?? "?"} by ${s.timestamp.tsa?.subject ?? "unknown TSA"}${s.timestamp.ok ? "" : " (NOT valid)"}`);
  if (s.reason) lines.push(`  Reason:        ${s.reason}`);
  if (s.location) lines.push(`  Location:      ${s.location}`);
  if (s.certificationLevel) lines.push(`  Certification: DocMDP P=${s.certificationLevel}`);
  const ig = s.integrity;
  lines.push(`  Integrity:     byte range ${yes(ig.byteRangeOk)}, whole revision ${yes(ig.coversWholeRevision)}, digest ${yes(ig.digestOk)}, signature ${yes(ig.signatureOk)}`);
  const c = s.certificate;
  lines.push(`  Certificate:   chain ${yes(c.chainOk)}, trusted ${yes(c.trusted)}, valid at signing ${yes(c.validAtSigningTime)}, key usage ${yes(c.keyUsageOk)}`);
  if (c.indiaPki) lines.push(`  India PKI:     ${c.indiaPki.note}`);
  lines.push(`  Revocation:    ${s.revocation.status}${s.revocation.source ? ` (${s.revocation.source})` : ""}: ${s.revocation.detail}`);
  for (const e of s.revocation.checks) lines.push(`    ${e.role === "signer" ? "signer" : "issuing CA"} ${e.serialHex}: ${e.status}, ${answeredBy(e)}`);
  lines.push(`  Revision:      ${s.revision ? `${s.revision.index} (ends at byte ${s.revision.endOffset})` : "none"}`);
  for (const ch of s.changesAfter) lines.push(`  Change r${ch.revision}:    ${ch.classification === "allowed" ? "allowed    " : "NOT ALLOWED"} ${ch.description}`);
  return lines;
}

/** The human-readable report `mohar verify` prints. */
export function formatReport(r: VerificationReport): string {
  const lines = [
    `Document:      ${r.status}${r.subIndication ? ` / ${r.subIndication}` : ""} - ${r.statusReason}`,
    `Revisions:     ${r.revisions}; signatures: ${r.signatureCount}; last revision signed: ${yes(r.lastRevisionCovered)}${r.trailingBytes ? `; ${r.trailingBytes} trailing bytes` : ""}`,
  ];
  if (r.emptySignatureFields.length) lines.push(`Empty fields:  ${r.emptySignatureFields.join(", ")}`);
  if (r.encryption) lines.push(`Encrypted:     ${r.encryption}`);
  for (const x of r.repairs) lines.push(`Repaired:      ${x}`);
  for (const x of r.damage) lines.push(`Damaged:       ${x}`);
  r.signatures.forEach((s, i) => lines.push("", ...formatSignature(s, i)));
  return `${lines.join("\n")}\n`;
}
