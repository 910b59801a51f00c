import type { PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from "kysely";
import type { PgliteDurability } from "./pgliteDurability.js";
import { PgliteSession } from "./pgliteSession.js";

/**
 * Kysely over one in-process PGlite database. PGlite has one session, so the driver hands out
 * that one connection to one holder at a time: a transaction keeps it from BEGIN to COMMIT and
 * no other query can run inside it.
 */
export class PgliteDialect implements Dialect {
  /** `durability` must be the one whose `fileSystem` the database was created with. */
  constructor(
    private readonly pglite: PGlite,
    private readonly durability: PgliteDurability,
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PgliteDriver(this.pglite, this.durability);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly session: PgliteSession) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.session.query(query.sql, query.parameters);
    return { rows: result.rows as R[], ...(result.affectedRows === undefined ? {} : { numAffectedRows: BigInt(result.affectedRows) }) };
  }
  // eslint-disable-next-line require-yield -- the interface needs a generator; PGlite has no cursors to stream from
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming queries are not supported on the embedded engine");
  }
}

class PgliteDriver implements Driver {
  private readonly session: PgliteSession;
  private readonly connection: PgliteConnection;
  /** The tail of the queue of holders waiting for the one connection. */
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  constructor(
    private readonly pglite: PGlite,
    durability: PgliteDurability,
  ) {
    this.session = new PgliteSession(pglite, durability);
    this.connection = new PgliteConnection(this.session);
  }
  async init(): Promise<void> {
    await this.pglite.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.release = release;
    return this.connection;
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw("begin"));
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw("commit"));
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw("rollback"));
  }
  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    // What the holder committed, or read of others' commits, must be on disk before it is
    // answered; the next holder goes meanwhile, and commits made while a sync runs share the next one.
    const durable = this.session.durable();
    release?.();
    await durable;
  }
  async destroy(): Promise<void> {
    this.session.forget();
    await this.pglite.close();
    // The shutdown checkpoint's WAL record (this build's fdatasync is a no-op) and pg_wal.
    await this.session.durability.closed();
  }
}
