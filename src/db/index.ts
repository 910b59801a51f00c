export { migrateToLatest, MigrationError, openDatabase, type DatabaseConfig, type OpenDatabase } from "./database.js";
export { DatabaseHandle, type DatabaseReady } from "./databaseHandle.js";
export type { Database, FileEventAction, FileStatus, HolderKind } from "./schema.js";
