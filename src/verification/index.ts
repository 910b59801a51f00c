export { verifyPdf, createVerifier, type VerifyOptions, type Verifier } from "./verifyPdf.js";
export { loadTrustAnchors, loadTrustAnchorsIfPresent } from "./trustAnchors.js";
export { formatReport } from "./formatReport.js";
export type { VerificationReport, SignatureReport, Indication, SubIndication, Verdict } from "./report.js";
export { runVerifyCommand, exitCodeOf } from "./verifyCommand.js";
