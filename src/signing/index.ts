export { signDocument, type SignDocumentInput, type SignedDocument } from "./signDocument.js";
export {
  prepareSigning,
  prepareForExternalSigner,
  DEFAULT_SESSION_TTL_MS,
  type PrepareSigningInput,
  type PreparedSigning,
  type PrepareExternalInput,
  type PreparedExternal,
} from "./prepareSigning.js";
export { completeSigning, type CompletionInput, type CompletionOptions, type CompletedSigning } from "./completeSigning.js";
export { insertSession, SigningSessionStore, type SessionRecord, type SessionResult, type SigningSession, type SignerIdentity } from "./signingSession.js";
export type { SignatureRequest } from "./signingOptions.js";
export type { SignatureInfo } from "./signatureInfo.js";
export { addDocumentTimestamp, type DocumentTimestampInput, type TimestampedDocument } from "./documentTimestamp.js";
export { dueForTimestamp, newestTimestamp, type NewestTimestamp } from "./timestampHorizon.js";
