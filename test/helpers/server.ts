import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { loadConfig, type Config } from "../../src/config.js";
import { startServer, type RunningServer } from "../../src/main.js";

export type Role = "clerk" | "officer" | "auditor" | "admin";

export interface TestServer {
  url: string;
  dataDir: string;
  running: RunningServer;
  /**
   * fetch against the server. Every test goes through here so that credentials for a role
   * can be added in one place.
   */
  request(pathAndQuery: string, init?: RequestInit & { as?: Role }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts mohar on 127.0.0.1 port 0 with a fresh local-disk store (or the given env). */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-test-"));
  const config: Config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env });
  const running = await startServer(config, pino({ level: "silent" }));
  return {
    url: running.url,
    dataDir,
    running,
    request(pathAndQuery, init = {}) {
      const { as: _role, ...rest } = init;
      return fetch(`${running.url}${pathAndQuery}`, rest);
    },
    async close() {
      await running.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
