export { StoredDocumentSigning, type ActionFacts, type PreparedStored, type SigningCaller, type SigningChoices, type StoredSigningDeps, type StoreRecorder, type VersionPin } from "./storedSigning.js";
export { auditOrTakeBack, documentSigned, versionAdded, VersionEvent, type ErrorLog, type EventHolder, type VersionFacts } from "./versionEvent.js";
export { DocumentTimestamping, type Stamp, type TimestampCaller, type TimestampingDeps } from "./documentTimestamping.js";
export { extendAudited, type VersionRecorder, type VersionStep, type VersionStepDeps } from "./extendAudited.js";
export { startEsign, type EsignStartDeps, type EsignStartRequest, type PickVersion } from "./esignStart.js";
export { DocumentVersions, type DocumentVersionsDeps, type RevisionInput } from "./documentVersions.js";
export { DocumentVerification, verificationFailed, type DocumentVerificationDeps, type VerificationRecorder, type Verified } from "./documentVerification.js";
