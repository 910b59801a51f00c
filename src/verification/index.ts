export { verifyPdf, type VerifyOptions } from "./verifyPdf.js";
export { loadTrustAnchors } from "./trustAnchors.js";
export { formatReport } from "./formatReport.js";
export type { VerificationReport, SignatureReport, Indication, SubIndication, Verdict } from "./report.js";
