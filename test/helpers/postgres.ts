import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { keptDir } from "./keptDir.js";

const run = promisify(execFile);
const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
/** The user the server runs as when the tests run as root (postgres refuses to run as root). */
const SERVER_USER = process.env.PG_TEST_USER ?? "nobody";

export interface TestPostgres {
  /** postgres:// URL of the server's maintenance database. */
  url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export const postgresAvailable = (): boolean => existsSync(path.join(BIN, "initdb"));

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
/** The command line run as the server's user: through runuser when we are root. */
const asServerUser = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ["runuser", ["-u", SERVER_USER, "--", cmd, ...args]] : [cmd, args]);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections in 30 s (${(err as Error).message}):\n${log()}`, { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A directory of our own in the temp dir, owned by the server's user and readable by it. */
async function serverUserDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  if (asRoot) await run("chown", ["-R", `${SERVER_USER}:`, dir]);
  await fs.chmod(dir, 0o755);
  return dir;
}

/** initdb's arguments but the directory: the template's name holds their hash. */
const INITDB_ARGS = ["-U", "mohar", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"];

/**
 * A freshly initdb'd cluster (trust auth for the test user `mohar`), made once per server
 * binaries, server user and initdb arguments and kept in the temp dir, as pgliteTemplate.ts keeps
 * PGlite's: initdb runs PostgreSQL's bootstrap in single-user mode several times (seconds, far
 * more on a loaded machine); copying its 40 MB result a fraction of that. Each server gets its own copy, so its
 * databases are its own as before. Built beside and renamed into place, so a test file running at
 * the same time sees a whole one or builds its own.
 */
let template: Promise<string> | undefined;
function initdbTemplate(): Promise<string> {
  template ??= (async () => {
    // Named by the binaries, the user and initdb's arguments: a changed locale or auth makes a new one.
    const tag = createHash("sha256").update(INITDB_ARGS.join("\0")).digest("hex").slice(0, 12);
    const keep = path.join(os.tmpdir(), `mohar-pg-template-${BIN.replace(/\W+/g, "_")}-${SERVER_USER}-${tag}`);
    const build = async (building: string) => {
      const [initCmd, initArgs] = asServerUser(path.join(BIN, "initdb"), ["-D", path.join(building, "data"), ...INITDB_ARGS]);
      await run(initCmd, initArgs, { cwd: building });
    };
    return path.join(await keptDir(keep, "data/PG_VERSION", build, () => serverUserDir("mohar-pg-template-building-")), "data");
  })();
  template.catch(() => (template = undefined));
  return template;
}

/**
 * A throwaway PostgreSQL server on 127.0.0.1 (Debian's postgresql package): a copy of a fresh
 * initdb cluster (see initdbTemplate) in a temp dir, trust auth for the local test user only,
 * stopped and removed by stop().
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = await serverUserDir("mohar-pg-");
  const dataDir = path.join(dir, "data");
  const socketDir = path.join(dir, "sock");
  // cp -a keeps the owner (the server's user) and the cluster's 0700 modes.
  const [cpCmd, cpArgs] = asServerUser("cp", ["-a", await initdbTemplate(), dataDir]);
  await run(cpCmd, cpArgs, { cwd: dir });
  const [mkCmd, mkArgs] = asServerUser("mkdir", [socketDir]);
  await run(mkCmd, mkArgs, { cwd: dir });
  const port = await freePort();
  const [cmd, args] = asServerUser(path.join(BIN, "postgres"), [
    "-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${socketDir}`, "-c", "max_connections=100",
  ]);
  const server = spawn(cmd, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  server.stderr?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const url = `postgres://mohar@127.0.0.1:${port}/postgres`;
  try {
    await waitReady(url, server, () => log);
  } catch (err) {
    server.kill("SIGKILL");
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://mohar@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        // SIGINT: fast shutdown (disconnects clients). To postgres itself: runuser does not pass it on.
        const pid = Number((await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
        process.kill(pid, "SIGINT");
        await exited;
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
