export { AuditLog, MAX_PAGE, type AuditLogOptions, type ConsistencyProof, type InclusionProof } from "./auditLog.js";
export type { AuditEntry, AuditEvent } from "./entry.js";
export { DOCUMENT_ID, REQUEST_ID } from "./entry.js";
export { AuditIntegrityError } from "./errors.js";
export { exportChunks, verifyExport, EXPORT_FORMAT, type ExportReport } from "./exportFormat.js";
export { LogKey, loadOrCreateLogKey } from "./logKey.js";
export { timeline, type TimelineStep } from "./timeline.js";
export type { Finding } from "./verifyLog.js";
export { CheckpointWitness } from "./witness.js";
