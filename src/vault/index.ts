export { Vault, type VaultOptions, type CreateDocumentInput, type AddVersionInput, type ByteRange, type Extension } from "./vault.js";
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
