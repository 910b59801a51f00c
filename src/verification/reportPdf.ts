import { writeDocumentPdf, type PdfBlock, type Rgb } from "../pdf/index.js";
import { answeredBy } from "./formatReport.js";
import type { Indication, SignatureReport, VerificationReport } from "./report.js";

const COLOURS: Record<Indication, Rgb> = {
  TOTAL_PASSED: [0.16, 0.54, 0.16],
  INDETERMINATE: [0.84, 0.54, 0.06],
  TOTAL_FAILED: [0.75, 0.22, 0.17],
};
/** The verdicts in words, as the console says them. */
const VERDICT_HI: Record<Indication, string> = { TOTAL_PASSED: "मान्य", INDETERMINATE: "निर्णय नहीं हो सका", TOTAL_FAILED: "अमान्य" };

export interface ReportPdfFacts {
  /** SHA-256 (hex) of the PDF that was verified. */
  sha256: string;
  /** When the verification ran. */
  verifiedAt: Date;
  /** What was verified, e.g. "uploaded file" or "document <id> version 2". */
  subject: string;
}

const KEY_WIDTH = 175;
const yes = (b: boolean | null): string => (b === null ? "n/a" : b ? "yes" : "NO");
const verdict = (v: { status: Indication; subIndication: string | null }): string =>
  `${VERDICT_HI[v.status]} / ${v.status}${v.subIndication ? ` / ${v.subIndication}` : ""}`;

function signatureBlocks(s: SignatureReport, i: number): PdfBlock[] {
  const kind = s.kind === "document_timestamp" ? "टाइमस्टैम्प / document timestamp" : (s.subFilter ?? "no SubFilter");
  const c = s.certificate;
  const ig = s.integrity;
  const rows: { key: string; value: string; colour?: Rgb }[] = [
    { key: "स्थिति / Status", value: verdict(s), colour: COLOURS[s.status] },
    { key: "कारण / Why", value: s.statusReason },
    { key: "हस्ताक्षरकर्ता / Signer", value: s.signer ? `${s.signer.subject} (serial ${s.signer.serialHex})` : "unknown" },
  ];
  if (s.signer) rows.push({ key: "जारीकर्ता / Issuer", value: s.signer.issuer });
  if (s.signer?.policies.length) rows.push({ key: "नीतियाँ / Policies", value: s.signer.policies.join(", ") });
  rows.push({ key: "हस्ताक्षर का समय / Signing time", value: `${s.signingTime.time} (${s.signingTime.source})` });
  if (s.timestamp) {
    rows.push({ key: "टाइमस्टैम्प / Timestamp", value: `${s.timestamp.genTime ?? "?"} by ${s.timestamp.tsa?.subject ?? "unknown TSA"}${s.timestamp.ok ? "" : " (NOT valid)"}`, ...(s.timestamp.ok ? {} : { colour: COLOURS.TOTAL_FAILED }) });
  }
  if (s.reason) rows.push({ key: "कारण (हस्ताक्षरकर्ता का) / Reason", value: s.reason });
  if (s.location) rows.push({ key: "स्थान / Location", value: s.location });
  if (s.certificationLevel) rows.push({ key: "प्रमाणन / Certification", value: `DocMDP P=${s.certificationLevel}` });
  rows.push(
    { key: "अखंडता / Integrity", value: `byte range ${yes(ig.byteRangeOk)}, whole revision ${yes(ig.coversWholeRevision)}, digest ${yes(ig.digestOk)}, signature ${yes(ig.signatureOk)}` },
    { key: "प्रमाणपत्र / Certificate", value: `chain ${yes(c.chainOk)}, trusted ${yes(c.trusted)}, valid at signing ${yes(c.validAtSigningTime)}, key usage ${yes(c.keyUsageOk)}` },
  );
  if (c.path.length) rows.push({ key: "प्रमाणपत्र शृंखला / Certificate chain", value: c.path.join(" > ") });
  if (c.indiaPki) rows.push({ key: "भारत PKI / India PKI", value: c.indiaPki.note });
  const revoked = s.revocation.status === "revoked";
  rows.push(
    { key: "निरस्तीकरण / Revocation", value: `${s.revocation.status}${s.revocation.source ? ` (${s.revocation.source})` : ""}: ${s.revocation.detail}`, ...(revoked ? { colour: COLOURS.TOTAL_FAILED } : {}) },
    // Which source answered for each certificate checked (signer, then issuing CAs).
    ...s.revocation.checks.map((e) => ({
      key: e.role === "signer" ? "  हस्ताक्षरकर्ता / signer" : "  जारीकर्ता CA / issuing CA",
      value: `${e.subject} (${e.serialHex}): ${e.status}, ${answeredBy(e)}`,
      ...(e.status === "revoked" ? { colour: COLOURS.TOTAL_FAILED } : {}),
    })),
    { key: "संशोधन / Revision", value: s.revision ? `${s.revision.index} (ends at byte ${s.revision.endOffset})` : "none" },
  );
  for (const ch of s.changesAfter) {
    const allowed = ch.classification === "allowed";
    rows.push({
      key: `बाद का बदलाव / Change r${ch.revision}`,
      value: `${allowed ? "अनुमत / allowed" : "अनुमत नहीं / NOT ALLOWED"}: ${ch.description}`,
      ...(allowed ? {} : { colour: COLOURS.TOTAL_FAILED }),
    });
  }
  return [{ kind: "heading", text: `हस्ताक्षर ${i + 1} / Signature ${i + 1}: ${s.fieldName} (${kind})`, size: 12 }, { kind: "keyValue", rows, keyWidth: KEY_WIDTH }];
}

/**
 * The verification report as a PDF to file or print, in Hindi and English: the verdict of the
 * document and of each signature in words and colour, the signer, times, certificate chain,
 * revocation and each later change, allowed or not, headed by what was verified and its SHA-256.
 * It is a plain account of one verification, not itself signed. Written by the same writer as
 * the weekly statement (HarfBuzz-shaped Noto Sans Devanagari), so Hindi names and reasons print
 * as they were signed.
 */
export function reportPdf(report: VerificationReport, facts: ReportPdfFacts): Promise<Buffer> {
  const documentRows: { key: string; value: string; colour?: Rgb }[] = [
    { key: "दस्तावेज़ / Document", value: verdict(report), colour: COLOURS[report.status] },
    { key: "कारण / Why", value: report.statusReason },
    {
      key: "संशोधन / Revisions",
      value: `${report.revisions}; हस्ताक्षर / signatures: ${report.signatureCount}; last revision signed: ${yes(report.lastRevisionCovered)}${report.trailingBytes ? `; ${report.trailingBytes} trailing bytes` : ""}`,
    },
  ];
  if (report.emptySignatureFields.length) documentRows.push({ key: "खाली फ़ील्ड / Empty fields", value: report.emptySignatureFields.join(", ") });
  if (report.encryption) documentRows.push({ key: "एन्क्रिप्टेड / Encrypted", value: report.encryption });
  for (const x of report.repairs) documentRows.push({ key: "मरम्मत / Repaired", value: x, colour: COLOURS.INDETERMINATE });
  for (const x of report.damage) documentRows.push({ key: "क्षति / Damaged", value: x, colour: COLOURS.TOTAL_FAILED });
  return writeDocumentPdf({
    title: "mohar verification report",
    blocks: [
      { kind: "heading", text: "मोहर — सत्यापन रिपोर्ट / mohar verification report", size: 15 },
      {
        kind: "keyValue",
        keyWidth: KEY_WIDTH,
        rows: [
          { key: "क्या सत्यापित / Verified", value: facts.subject },
          { key: "SHA-256", value: facts.sha256 },
          { key: "सत्यापन का समय / Time of verification", value: facts.verifiedAt.toISOString() },
        ],
      },
      { kind: "heading", text: verdict(report), size: 13, colour: COLOURS[report.status] },
      { kind: "keyValue", rows: documentRows, keyWidth: KEY_WIDTH },
      ...report.signatures.flatMap(signatureBlocks),
    ],
    footer: "मोहर सत्यापन रिपोर्ट, स्वयं हस्ताक्षरित नहीं / mohar verification report, not itself signed",
    pageLabel: (i, n) => `पृष्ठ / page ${i} / ${n}`,
    lang: "en-IN",
    createdAt: facts.verifiedAt,
  });
}
