import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { Database } from "../../src/db/index.js";
import { SigningSessionStore } from "../../src/signing/index.js";
import { FsObjectStore, type ObjectStore } from "../../src/store/index.js";
import { openTestDatabase, type TestDatabase } from "./testDatabase.js";

/** What a signing-session test works on; filled in before each test. */
export interface SessionStoreFixture {
  /** The store's directory (fresh for each test). */
  dir: string;
  store: ObjectStore;
  sessions: SigningSessionStore;
  /** The file's test database (one for the file; sessions' rows have unique ids). */
  db: Kysely<Database>;
}

/**
 * Registers the hooks of a describe block that tests signing sessions: one migrated test database
 * for the block, and before each test a fresh temp directory with an FsObjectStore and a
 * SigningSessionStore over both (removed after the test).
 */
export function sessionStoreFixture(prefix: string): SessionStoreFixture {
  const f = {} as SessionStoreFixture;
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    f.db = t.db;
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    f.dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
    f.store = await FsObjectStore.open(f.dir);
    f.sessions = new SigningSessionStore(f.store, t.db);
  });
  afterEach(() => fs.rm(f.dir, { recursive: true, force: true }));
  return f;
}
