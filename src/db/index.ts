export { isUniqueViolation, type DatabaseConfig } from "./database.js";
export { DatabaseHandle, type DatabaseReady } from "./databaseHandle.js";
export type { Database, FileEventAction, FileStatus, HolderKind, WebhookDeliveryState } from "./schema.js";
export { IdempotencyKeys, IDEMPOTENCY_TTL_MS, type KeyClaim } from "./idempotencyKeys.js";
