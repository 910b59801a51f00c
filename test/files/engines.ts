import { postgresAvailable, startTestPostgres, type TestPostgres } from "../helpers/postgres.js";

/** The two database engines every files test runs against. */
export const ENGINES = ["pglite", "postgres"] as const;
export type Engine = (typeof ENGINES)[number];

export interface EngineEnv {
  /** Environment for a mohar server on this engine (empty: the embedded default). */
  env(database: string): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * Starts what an engine needs: nothing for PGlite, a PostgreSQL server for postgres. Without
 * the server binaries this fails loudly rather than skipping (CI installs them; see .ci/run).
 */
export async function engineEnv(engine: Engine): Promise<EngineEnv> {
  if (engine === "pglite") return { env: async () => ({}), stop: async () => undefined };
  if (!postgresAvailable()) throw new Error("PostgreSQL 15 server binaries are missing: apt-get install postgresql");
  const server: TestPostgres = await startTestPostgres();
  return { env: async (database) => ({ DATABASE_URL: await server.createDatabase(database) }), stop: () => server.stop() };
}
