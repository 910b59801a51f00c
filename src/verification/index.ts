export { verifyPdf, verifyPdfPass, type VerifyOptions, type VerifyPass } from "./verifyPdf.js";
export { createVerifier, verifyWithSources, type Verifier, type VerifyRun } from "./verifier.js";
export type { RevocationSources } from "./outsideRevocation.js";
export { loadTrustAnchors, loadTrustAnchorsIfPresent } from "./trustAnchors.js";
export { formatReport } from "./formatReport.js";
export type { VerificationReport, SignatureReport, RevocationEntry, RevocationSourceName, Indication, SubIndication, Verdict } from "./report.js";
export { REVOCATION_SOURCES } from "./report.js";
export { runVerifyCommand, exitCodeOf, type VerifyCommandRevocation } from "./verifyCommand.js";
export { reportPdf, type ReportPdfFacts } from "./reportPdf.js";
