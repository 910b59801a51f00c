import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { DatabaseHandle, type Database } from "../../src/db/index.js";
import { seedPgliteDir } from "./pgliteTemplate.js";

export interface TestDatabase {
  db: Kysely<Database>;
  /** The handle, for a test that closes and opens the database again (a restart). */
  handle: DatabaseHandle;
  dir: string;
  close(): Promise<void>;
}

/** A migrated embedded database (PGlite, copied from the template) in a temp dir of its own. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-db-"));
  await seedPgliteDir(path.join(dir, "db"));
  const handle = new DatabaseHandle({ engine: "pglite", dataDir: path.join(dir, "db") });
  const db = await handle.get();
  return {
    db,
    handle,
    dir,
    async close() {
      await handle.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
