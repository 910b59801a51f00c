import type { X509Certificate } from "node:crypto";
import { diffRevision, findSignatureFields, readDss, readPdfStructure, type DocMdp, type RevisionChange, type SignatureField } from "../pdf/index.js";
import { MoharError } from "../errors.js";
import { x509Once } from "../pki/index.js";
import { describeDamage } from "./damage.js";
import { readOutside, type OutsideRevocation, type UndecidedCertificate } from "./outsideRevocation.js";
import type { SignatureReport, VerificationReport } from "./report.js";
import { blankReport, verifySignature, type DocumentContext } from "./verifySignature.js";
import { sortFindings, verdictOf, type Finding } from "./verdict.js";

export interface VerifyOptions {
  /** Trust anchors (root certificates); an empty list makes every chain untrusted. */
  trustAnchors: X509Certificate[];
  /** Validation time used when a signature claims none; defaults to now. */
  now?: Date;
  /** Revocation data from outside the PDF (the second pass of `verifyWithSources`). */
  outside?: OutsideRevocation | null;
}

/** A report, and the certificates whose revocation the PDF's own data did not decide. */
export interface VerifyPass {
  report: VerificationReport;
  undecided: UndecidedCertificate[];
}

function parseCerts(ders: Buffer[]): X509Certificate[] {
  return ders.flatMap((d) => {
    try {
      return [x509Once(d)];
    } catch {
      return [];
    }
  });
}

/** How many bytes a signature's ByteRange covers: later signatures cover more. */
function coveredLength(f: SignatureField): number {
  const br = f.signature?.byteRange;
  return br && br.length === 4 ? (br[2] ?? 0) + (br[3] ?? 0) : 0;
}

function verifyOne(ctx: DocumentContext, f: SignatureField): SignatureReport {
  try {
    return verifySignature(ctx, f);
  } catch (e) {
    // Hostile input must yield a report, never a 500: an unforeseen failure fails this signature.
    const r = blankReport(ctx, f);
    r.statusReason = `the signature could not be verified: ${(e as Error).message}`;
    r.problems = [r.statusReason];
    return r;
  }
}

/**
 * Verifies every signature and document timestamp of a PDF and classifies every revision after
 * each. Throws MoharError only when the input is not a PDF or its structure is unreadable.
 */
export function verifyPdf(bytes: Buffer, opts: VerifyOptions): VerificationReport {
  return verifyPdfPass(bytes, opts).report;
}

/** verifyPdf, also naming the certificates the outside revocation sources could decide. */
export function verifyPdfPass(bytes: Buffer, opts: VerifyOptions): VerifyPass {
  const pdf = readPdfStructure(bytes);
  const last = pdf.revisions[pdf.revisions.length - 1];
  if (!last) throw new MoharError("pdf.unreadable", "the PDF has no readable revision");
  const fields = findSignatureFields(last.objects, last.trailer.entries.get("Root"));
  // A signature field removed by a later revision is still reported: its removal is a finding.
  const current = new Set(fields.map((f) => f.fieldName));
  const removed = new Map<string, SignatureField>();
  for (const rev of pdf.revisions.slice(0, -1)) {
    for (const f of findSignatureFields(rev.objects, rev.trailer.entries.get("Root"))) {
      if (!current.has(f.fieldName) && f.signature) removed.set(f.fieldName, f);
    }
  }
  const signed = [...fields, ...removed.values()].filter((f) => f.valueRef !== null || f.signature !== null);

  // DocMDP applies from the revision after the certification signature onwards.
  const certRevision = signed
    .filter((f) => f.signature?.docMdpP)
    .map((f) => ({ p: f.signature?.docMdpP as DocMdp, at: pdf.revisions.findIndex((r) => (f.signature?.objStart ?? Infinity) < r.endOffset) }))
    .filter((c) => c.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  const rolesCache = new Map();
  const changes: RevisionChange[][] = pdf.revisions.map((r, j) => {
    if (j === 0) return [];
    // A later update whose cross-reference data had to be rebuilt is read as poppler and qpdf
    // read it, and judged so; but readers may rebuild it differently, so it is not accepted.
    const repaired: RevisionChange[] = r.repaired
      ? [{ revision: j + 1, classification: "not_allowed", category: "repaired_structure", description: `the update made after signing has damaged cross-reference data (${r.repaired}); mohar rebuilt it by scanning for objects, but other readers may show it differently` }]
      : [];
    try {
      return [...repaired, ...diffRevision(pdf, j, certRevision && certRevision.at < j ? certRevision.p : null, rolesCache)];
    } catch (e) {
      return [...repaired, { revision: j + 1, classification: "not_allowed", category: "unreadable", description: `the revision could not be analysed: ${(e as Error).message}` }];
    }
  });
  const trailing: RevisionChange | null = pdf.trailing
    ? {
        revision: pdf.revisions.length + 1,
        classification: "not_allowed",
        category: "trailing_data",
        description: `${pdf.trailing.end - pdf.trailing.start} bytes after the last %%EOF are not a well-formed incremental update`,
      }
    : null;
  const dss = readDss(last);
  const ctx: DocumentContext = {
    pdf,
    anchors: opts.trustAnchors,
    dssCerts: parseCerts(dss.certs),
    dssCrls: dss.crls,
    dssOcsps: dss.ocsps,
    changes,
    trailing,
    now: opts.now ?? new Date(),
    outside: opts.outside ? readOutside(opts.outside) : null,
    undecided: [],
    proofs: [],
  };
  // Newest first, so each signature sees the document timestamps that came after it (B-LTA).
  const newestFirst = [...signed].sort((a, b) => coveredLength(b) - coveredLength(a));
  const reports = new Map<SignatureField, SignatureReport>();
  for (const f of newestFirst) {
    const r = verifyOne(ctx, f);
    reports.set(f, r);
    if (r.kind === "document_timestamp" && r.status === "TOTAL_PASSED" && r.timestamp?.genTime && r.revision) {
      ctx.proofs.push({ revision: r.revision.index, time: new Date(r.timestamp.genTime) });
    }
  }
  const signatures = signed.map((f) => reports.get(f) as SignatureReport);
  const findings: Finding[] = signatures
    .filter((s) => s.status !== "TOTAL_PASSED")
    .map((s) => ({ status: s.status === "TOTAL_FAILED" ? "TOTAL_FAILED" : "INDETERMINATE", subIndication: s.subIndication ?? "FORMAT_FAILURE", reason: `${s.fieldName}: ${s.statusReason}` }));
  // A damaged file says what is broken, rather than only that no signature could be read.
  const damage = describeDamage(pdf, signatures.length);
  for (const reason of damage) findings.push({ status: "TOTAL_FAILED", subIndication: "FORMAT_FAILURE", reason });
  if (signatures.length === 0 && damage.length === 0) findings.push({ status: "INDETERMINATE", subIndication: "NO_SIGNATURE", reason: "the document has no signatures" });
  const covered = signatures.some((s) => s.revision?.index === last.index + 1);
  const report: VerificationReport = {
    ...verdictOf(sortFindings(findings)),
    revisions: pdf.revisions.length,
    signatureCount: signatures.length,
    emptySignatureFields: fields.filter((f) => !signed.includes(f)).map((f) => f.fieldName),
    lastRevisionCovered: covered,
    trailingBytes: pdf.trailing ? pdf.trailing.end - pdf.trailing.start : 0,
    encryption: pdf.encryption,
    repairs: pdf.repairs,
    damage,
    signatures,
  };
  return { report, undecided: ctx.undecided };
}
