import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pino, type Logger } from "pino";
import { parseApiKey, ROLES, type Role } from "../../src/auth/index.js";
import { loadConfig, type Config } from "../../src/config.js";
import { startServer, type RunningServer } from "../../src/main.js";
import { seedPgliteDir } from "./pgliteTemplate.js";

export type { Role };

/** The dev officer (certs-dev/officers.json) the test server's officer key is bound to; override with `officerId`. */
export const TEST_OFFICER_ID = "anita-sharma";

export interface TestServerOptions {
  /** Logger for the server (default: silent; one writing to stdout would land in what runCliAction captures). */
  logger?: Logger;
  /** Officer the `officer` role's key may sign for. */
  officerId?: string;
  /** The server's clock for files and time limits (default: the system clock). */
  now?: () => Date;
  /** See StartOptions.unauditedGraceMs. */
  unauditedGraceMs?: number;
  /** See StartOptions.reconcileEveryMs. */
  reconcileEveryMs?: number;
}

export interface TestServer {
  url: string;
  dataDir: string;
  running: RunningServer;
  /** One API key per role, created through the key store after start. */
  keys: Record<Role, string>;
  /** The actor id each role's key authenticates as (what audit entries and uploader fields record). */
  actorIds: Record<Role, string>;
  /**
   * fetch against the server. `as: role` sends that role's API key; `key` sends any other
   * credential; without either the request is unauthenticated.
   */
  request(pathAndQuery: string, init?: RequestInit & { as?: Role; key?: string }): Promise<Response>;
  /** Creates another API key (e.g. an officer bound to a different officer). */
  createKey(role: Role, officerId?: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts mohar on 127.0.0.1 port 0 with a fresh local-disk store (or the given env). */
export async function startTestServer(env: Record<string, string> = {}, opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-test-"));
  // Test servers stop at once unless a test asks for a shutdown notice.
  const config: Config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent", SHUTDOWN_NOTICE_MS: "0", ...env });
  // Creating an embedded database (initdb) takes seconds; copying an empty one a fraction of that.
  if (config.database.engine === "pglite") await seedPgliteDir(config.database.dataDir);
  const running = await startServer(config, opts.logger ?? pino({ level: "silent" }), { now: opts.now, unauditedGraceMs: opts.unauditedGraceMs, reconcileEveryMs: opts.reconcileEveryMs });
  const apiKeys = running.services.authenticator.apiKeys;
  const createKey = async (role: Role, officerId?: string): Promise<string> =>
    (await apiKeys.create({ role, name: `test ${role}`, ...(officerId ? { officerId } : {}) })).key;
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = await createKey(role, role === "officer" ? (opts.officerId ?? TEST_OFFICER_ID) : undefined);
  const actorIds = Object.fromEntries(ROLES.map((r) => [r, `apikey:${parseApiKey(keys[r])?.keyId}`])) as Record<Role, string>;
  return {
    url: running.url,
    dataDir,
    running,
    keys,
    actorIds,
    createKey,
    request(pathAndQuery, init = {}) {
      const { as, key, ...rest } = init;
      const credential = key ?? (as ? keys[as] : undefined);
      const headers = new Headers(rest.headers);
      if (credential) headers.set("Authorization", `Bearer ${credential}`);
      return fetch(`${running.url}${pathAndQuery}`, { ...rest, headers });
    },
    async close() {
      await running.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Awaits `work` while asking the server's /healthz every 100 ms (each must answer 200): returns
 * the work's result, the slowest health answer in ms, and how long the work took.
 */
export async function whileWatchingHealth<T>(srv: TestServer, work: Promise<T>): Promise<{ result: T; slowest: number; ms: number }> {
  const started = Date.now();
  let done = false;
  const watched = work.finally(() => (done = true));
  let slowest = 0;
  while (!done) {
    const t = Date.now();
    const health = await srv.request("/healthz");
    if (health.status !== 200) throw new Error(`/healthz answered ${health.status} while the work ran`);
    slowest = Math.max(slowest, Date.now() - t);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { result: await watched, slowest, ms: Date.now() - started };
}
