export { Vault } from "./vault.js";
export type { VaultOptions, CreateDocumentInput, AddVersionInput, ByteRange, Extension, VersionRowHook } from "./vaultTypes.js";
export {
  DOCUMENT_KINDS,
  VERSION_ACTIONS,
  type DocumentKind,
  type DocumentMeta,
  type DocumentView,
  type SignatureInfo,
  type VersionAction,
  type VersionRecord,
} from "./records.js";
export { documentMetaSchema, versionRecordSchema } from "./records.js";
export { documentsPrefix, metaKey, parseVersionKey, versionPdfKey, versionRecordKey } from "./keys.js";
