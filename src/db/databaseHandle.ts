import type { Kysely } from "kysely";
import { migrateToLatest, openDatabase, type DatabaseConfig, type OpenDatabase } from "./database.js";
import type { Database } from "./schema.js";

export interface DatabaseReady {
  engine: DatabaseConfig["engine"];
  /** Migrations applied by this open (empty when the schema was current). */
  applied: string[];
  ms: number;
}

/**
 * The process's one database, opened and migrated once, on the first `get()`. The service
 * calls it at start; a caller that may never need it (a test server) can leave it to first use,
 * since creating an embedded database takes seconds.
 */
export class DatabaseHandle {
  private opening: Promise<{ open: OpenDatabase; ready: DatabaseReady }> | null = null;

  constructor(private readonly config: DatabaseConfig) {}

  get engine(): DatabaseConfig["engine"] {
    return this.config.engine;
  }

  async get(): Promise<Kysely<Database>> {
    return (await this.ready()).open.db;
  }

  /**
   * The database if this process has opened it (or is opening it), else null: for background
   * work that has nothing to do before anything used the database.
   */
  async ifOpened(): Promise<Kysely<Database> | null> {
    return this.opening ? this.get() : null;
  }

  async ready(): Promise<{ open: OpenDatabase; ready: DatabaseReady }> {
    this.opening ??= this.open();
    try {
      return await this.opening;
    } catch (err) {
      // A failed open (a database not up yet) is retried on the next use.
      this.opening = null;
      throw err;
    }
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    if (!opening) return;
    const { open } = await opening.catch(() => ({ open: null }));
    await open?.close();
  }

  private async open(): Promise<{ open: OpenDatabase; ready: DatabaseReady }> {
    const started = performance.now();
    const open = await openDatabase(this.config);
    try {
      const applied = await migrateToLatest(open.db);
      return { open, ready: { engine: this.config.engine, applied, ms: Math.round(performance.now() - started) } };
    } catch (err) {
      await open.close();
      throw err;
    }
  }
}
