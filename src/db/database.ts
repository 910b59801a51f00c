import fs from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from "kysely";
import pg from "pg";
import { MoharError } from "../errors.js";
import { inCodeMigrations } from "./migrations.js";
import { PgliteDialect } from "./pgliteDialect.js";
import { PgliteDurability } from "./pgliteDurability.js";
import { refuseRolledBackCommit } from "./refusedCommit.js";
import type { Database } from "./schema.js";

/** PostgreSQL at a URL (shared by instances), or PGlite in a local directory (no server needed). */
export type DatabaseConfig = { engine: "postgres"; url: string; poolSize: number } | { engine: "pglite"; dataDir: string };

export interface OpenDatabase {
  db: Kysely<Database>;
  engine: DatabaseConfig["engine"];
  close(): Promise<void>;
}

// int8 (count(*), bigserial) as a number: mohar's counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Opens the one pool (or the one embedded database) of this process; does not migrate. */
export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
  if (config.engine === "postgres") {
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize });
    // An idle client whose server went away (a restart, a failover) is dropped by the pool and
    // replaced on next use; unhandled, the pool's 'error' event would end the process.
    pool.on("error", () => undefined);
    // A server that cannot be reached is a dependency down (503), not a fault of the request.
    const reporting = {
      connect: () => pool.connect().then(refusingRolledBackCommits, (err: unknown) => Promise.reject(databaseUnavailable(err))),
      end: () => pool.end(),
    };
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: reporting }) });
    return { db, engine: "postgres", close: () => db.destroy() };
  }
  await fs.mkdir(config.dataDir, { recursive: true });
  // PGlite starts PostgreSQL with -F (fsync off): its data files and directories were never
  // synced. Without it, PostgreSQL's fsyncs reach the disk (pgliteDurability.ts gives Emscripten's
  // file system the fsync it lacks, before PostgreSQL starts; the WAL at commit is synced there, in groups).
  const startParams = PGlite.defaultStartParams.filter((p) => p !== "-F");
  const durability = new PgliteDurability();
  const pglite = await PGlite.create({ fs: durability.fileSystem(config.dataDir), parsers: { 20: (v: string) => Number(v) }, startParams });
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite, durability) });
  return { db, engine: "pglite", close: () => db.destroy() };
}

const refusing = new WeakSet<pg.PoolClient>();

/** A pooled client whose COMMIT answered with ROLLBACK throws, as the embedded engine's does (pgliteSession.ts). */
function refusingRolledBackCommits(client: pg.PoolClient): pg.PoolClient {
  if (refusing.has(client)) return client;
  refusing.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const result = query(...args);
    // Kysely sends statements as text and values; anything else (a cursor) is passed through as it is.
    if (typeof args[0] !== "string" || !(result instanceof Promise)) return result;
    const sql = args[0];
    return result.then((r: pg.QueryResult) => {
      refuseRolledBackCommit(sql, r.command);
      return r;
    });
  }) as typeof client.query;
  return client;
}

function databaseUnavailable(cause: unknown): MoharError {
  return new MoharError("database.unavailable", "the database is unavailable; try again later", { cause });
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

/** Brings the schema to the newest version; returns the names applied now. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: inCodeMigrations });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) throw new MigrationError(`database migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Whether a query failed on a unique or primary key (PostgreSQL's 23505, from both engines). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "23505";
}
