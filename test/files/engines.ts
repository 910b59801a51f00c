import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { seedPgliteDataDir, type SeedSchema } from "../helpers/pgliteTemplate.js";
import { postgresAvailable, startTestPostgres, type TestPostgres } from "../helpers/postgres.js";

/** The two database engines every files test runs against. */
export const ENGINES = ["pglite", "postgres"] as const;
export type Engine = (typeof ENGINES)[number];

export interface EngineEnv {
  /**
   * Environment for a mohar server on this engine: its own DATA_DIR, and DATABASE_URL for postgres.
   * The database has mohar's schema already unless `schema` is `empty` (PostgreSQL's always starts empty).
   */
  env(database: string, schema?: SeedSchema): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * Starts what an engine needs: nothing for PGlite, a PostgreSQL server for postgres. Without
 * the server binaries this fails loudly rather than skipping (CI installs them; see .ci/run).
 */
export async function engineEnv(engine: Engine): Promise<EngineEnv> {
  const dataDirs: string[] = [];
  const dataDir = async (): Promise<string> => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-files-"));
    dataDirs.push(dir);
    return dir;
  };
  const removeDataDirs = () => Promise.all(dataDirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  if (engine === "pglite") {
    return {
      async env(_database, schema) {
        const dir = await dataDir();
        await seedPgliteDataDir(dir, schema);
        return { DATA_DIR: dir };
      },
      stop: async () => void (await removeDataDirs()),
    };
  }
  if (!postgresAvailable()) throw new Error("PostgreSQL 15 server binaries are missing: apt-get install postgresql");
  const server: TestPostgres = await startTestPostgres();
  return {
    env: async (database) => ({ DATA_DIR: await dataDir(), DATABASE_URL: await server.createDatabase(database) }),
    async stop() {
      await server.stop();
      await removeDataDirs();
    },
  };
}
