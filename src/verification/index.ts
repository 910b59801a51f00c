export { verifyPdf, type VerifyOptions } from "./verifyPdf.js";
export { createVerifier, type Verifier } from "./verifier.js";
export { loadTrustAnchors, loadTrustAnchorsIfPresent } from "./trustAnchors.js";
export { formatReport } from "./formatReport.js";
export type { VerificationReport, SignatureReport, Indication, SubIndication, Verdict } from "./report.js";
export { runVerifyCommand, exitCodeOf } from "./verifyCommand.js";
export { reportPdf, type ReportPdfFacts } from "./reportPdf.js";
