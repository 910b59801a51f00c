export { StoredDocumentSigning, type ActionFacts, type PreparedStored, type SigningCaller, type SigningChoices, type StoredSigningDeps, type StoreRecorder, type VersionPin } from "./storedSigning.js";
export { auditOrTakeBack, documentSigned, VersionEvent, type ErrorLog, type EventHolder, type VersionFacts } from "./versionEvent.js";
