export { isUniqueViolation, type DatabaseConfig } from "./database.js";
export { DatabaseHandle, type DatabaseReady } from "./databaseHandle.js";
export type { Database, FileEventAction, FileStatus, HolderKind } from "./schema.js";
