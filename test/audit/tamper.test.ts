import fs from "node:fs/promises";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig, type Config } from "../../src/config.js";
import { startServer } from "../../src/main.js";
import { encodeEntry, entryHash, type AuditEntry } from "../../src/audit/entry.js";
import { AuditIntegrityError, CheckpointWitness, checkWholeLog, loadOrCreateLogKey } from "../../src/audit/index.js";
import { FsObjectStore } from "../../src/store/index.js";
import { runCli } from "../helpers/cliChild.js";
import { seedPgliteDir } from "../helpers/pgliteTemplate.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { tempDir } from "./fixtures.js";
import { tileKey } from "../../src/audit/tiles.js";

const COUNT = 10;

/** Runs `mohar audit verify` as a child process, as an auditor would. */
function auditVerify(file: string | null, ...args: string[]): Promise<{ code: number; out: string }> {
  const env = file === null ? { ...process.env, DATA_DIR: args.pop() } : process.env;
  return runCli(["audit", "verify", ...(file === null ? [] : [file]), ...args], env);
}

describe("tampering with the stored log behind the service's back", () => {
  // One service for the whole file: each test restores the log's pristine files (made once, below)
  // before it tampers, and the restart runs on a second data directory whose database is kept
  // between tests (it holds no versions; only the log's files are replaced).
  let srv: TestServer;
  let work: string;
  let pristine: string;
  let copy: string;
  const entryFile = (seq: number): string => path.join(srv.dataDir, "audit", "entries", `${String(seq).padStart(12, "0")}.json`);
  const readEntry = async (seq: number): Promise<AuditEntry> => JSON.parse(await fs.readFile(entryFile(seq), "utf8")) as AuditEntry;
  const copyConfig = (): Config => loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: copy, LOG_LEVEL: "silent", SHUTDOWN_NOTICE_MS: "0" });

  /** Makes `to` hold what `from` holds, except the embedded database (`db/`), which stays as it is. */
  async function replaceAllButDatabase(from: string, to: string): Promise<void> {
    for (const name of await fs.readdir(to)) if (name !== "db") await fs.rm(path.join(to, name), { recursive: true, force: true });
    const db = path.join(from, "db");
    await fs.cp(from, to, { recursive: true, filter: (src) => src !== db && !src.startsWith(db + path.sep) });
  }

  beforeAll(async () => {
    srv = await startTestServer();
    work = await tempDir();
    for (let i = 0; i < COUNT; i += 1) {
      // Reads, not uploads: a log that made versions the database does not hold would stop the restart for that reason instead.
      await srv.running.services.audit.append({ actor: `clerk-${i}`, action: "document.download", documentId: `doc-${i % 2}`, version: 1, outcome: "success" });
    }
    // The witness is written off the request path: the snapshot waits until it holds the latest checkpoint.
    const witnessFile = loadConfig({ DATA_DIR: srv.dataDir }).audit.witnessFile;
    const latest = (await (await srv.request("/v1/audit/checkpoint", { as: "auditor" })).text()).trim();
    if (witnessFile) {
      await vi.waitFor(async () => expect((await fs.readFile(witnessFile, "utf8").catch(() => "")).trim()).toBe(latest), { timeout: 10_000, interval: 20 });
    }
    pristine = path.join(work, "pristine");
    copy = path.join(work, "data");
    await fs.mkdir(pristine);
    await fs.mkdir(copy);
    await replaceAllButDatabase(srv.dataDir, pristine);
    await seedPgliteDir(path.join(copy, "db"));
  });
  beforeEach(async () => {
    await replaceAllButDatabase(pristine, srv.dataDir);
  });
  afterAll(async () => {
    await srv?.close();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  /**
   * Exports over HTTP, runs the CLI on it, then restarts the service on a copy of the data; and
   * runs the whole-log check (`mohar audit verify --store`, the background check) on that copy:
   * the start reads only the checkpoint, the tiles' right edge and the tail, so damage inside the
   * signed part is the whole-log check's to name.
   */
  async function detect(): Promise<{ cli: { code: number; out: string }; startError: string | null; whole: string | null }> {
    const res = await srv.request("/v1/audit/export", { as: "auditor" });
    expect(res.status).toBe(200);
    const file = path.join(work, "export.json");
    await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
    const cli = await auditVerify(file);

    await replaceAllButDatabase(srv.dataDir, copy);
    const config = copyConfig();
    const store = await FsObjectStore.open(copy);
    const key = await loadOrCreateLogKey(config.audit.keyFile, config.audit.origin);
    const witness = config.audit.witnessFile ? new CheckpointWitness(config.audit.witnessFile) : undefined;
    const { finding } = await checkWholeLog({ store, key, witness }).finally(() => store.close());
    const whole = finding ? new AuditIntegrityError(finding).message : null;
    try {
      const restarted = await startServer(config, pino({ level: "silent" }));
      await restarted.close();
      return { cli, startError: null, whole };
    } catch (err) {
      return { cli, startError: (err as Error).message, whole };
    }
  }

  it("an untouched log passes all three checks", async () => {
    const { cli, startError, whole } = await detect();
    expect(cli.out).toContain("OK:");
    expect(cli.code).toBe(0);
    expect(startError).toBeNull();
    expect(whole).toBeNull();
  });

  it("an entry's content changed", async () => {
    const e = await readEntry(4);
    await fs.writeFile(entryFile(4), encodeEntry({ ...e, actor: "someone-else" }));
    const { cli, startError, whole } = await detect();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain("first bad entry: seq 4: entry 4 was changed");
    // Inside the signed part: not read by the constant-time start, named by the whole-log check.
    // This test's database holds no versions, so start reads the first entries to tell a store from
    // before the database, and names the damage already.
    expect(startError).toMatch(/at entry 4: entry 4 changed in storage/);
    expect(whole).toMatch(/at entry 4: entry 4 was changed/);
    const stored = await auditVerify(null, "--store", path.join(work, "data"));
    expect(stored.code).toBe(1);
    expect(stored.out).toContain("FAIL: first bad entry: seq 4: entry 4 was changed");
  });

  it("the last entry's content changed (no successor to notice)", async () => {
    const e = await readEntry(COUNT - 1);
    await fs.writeFile(entryFile(COUNT - 1), encodeEntry({ ...e, outcome: "failure" }));
    const { cli, startError, whole } = await detect();
    expect(whole).toMatch(new RegExp(`at entry ${COUNT - 1}:`));
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`seq ${COUNT - 1}: entry ${COUNT - 1} does not match the signed checkpoint for size ${COUNT}`);
    expect(startError).toMatch(new RegExp(`at entry ${COUNT - 1}:`));
  });

  it("an entry overwritten with bytes that are not an entry", async () => {
    await fs.writeFile(entryFile(3), "garbage");
    const { cli, startError, whole } = await detect();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('seq 3: entry 3 is unreadable: stored bytes are not a canonical entry: "garbage"');
    // Inside the signed part: not read by the constant-time start, named by the whole-log check.
    // This test's database holds no versions, so start reads the first entries to tell a store from
    // before the database, and names the damage already.
    expect(startError).toMatch(/at entry 3: entry 3 changed in storage/);
    expect(whole).toMatch(/at entry 3: entry 3 is malformed: not valid JSON/);
  });

  it("an entry removed from the middle", async () => {
    await fs.rm(entryFile(6));
    const { cli, startError, whole } = await detect();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain("seq 6: entry 6 is missing");
    // Inside the signed part: not read by the constant-time start, named by the whole-log check.
    // This test's database holds no versions, so start reads the first entries to tell a store from
    // before the database, and names the damage already.
    expect(startError).toMatch(/at entry 6: entry 6 is missing from storage/);
    expect(whole).toMatch(/at entry 6: entry 6 is missing \(entry 7 exists\)/);
  });

  it("the last entry removed", async () => {
    await fs.rm(entryFile(COUNT - 1));
    const { cli, startError, whole } = await detect();
    expect(whole).toMatch(new RegExp(`at entry ${COUNT - 1}: entry ${COUNT - 1} is missing`));
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`seq ${COUNT - 1}: entry ${COUNT - 1} is missing: a checkpoint for size ${COUNT} is signed`);
    expect(startError).toMatch(new RegExp(`at entry ${COUNT - 1}: entry ${COUNT - 1} is missing`));
  });

  it("two entries swapped", async () => {
    const [a, b] = await Promise.all([fs.readFile(entryFile(2)), fs.readFile(entryFile(3))]);
    await fs.writeFile(entryFile(2), b);
    await fs.writeFile(entryFile(3), a);
    const { cli, startError, whole } = await detect();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain("seq 2: the object for entry 2 holds entry 3");
    // Inside the signed part: not read by the constant-time start, named by the whole-log check.
    // This test's database holds no versions, so start reads the first entries to tell a store from
    // before the database, and names the damage already.
    expect(startError).toMatch(/at entry 2: entry 2 changed in storage/);
    expect(whole).toMatch(/at entry 2: the object for entry 2 holds entry 3/);
  });

  it("an entry appended by hand with a correct hash chain", async () => {
    const last = await fs.readFile(entryFile(COUNT - 1));
    const forged: AuditEntry = { ...(await readEntry(COUNT - 1)), seq: COUNT, actor: "ghost", prevHash: entryHash(last) };
    await fs.writeFile(entryFile(COUNT), encodeEntry(forged));
    const { cli, startError, whole } = await detect();
    expect(whole).toMatch(new RegExp(`at entry ${COUNT}: entry ${COUNT} is not covered`));
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`seq ${COUNT}: entry ${COUNT} is not covered by any signed checkpoint`);
    expect(startError).toMatch(new RegExp(`at entry ${COUNT}: entry ${COUNT} is not covered`));
  });

  it("an entry appended by hand with a wrong prevHash is named itself, not its checkpointed predecessor", async () => {
    const forged: AuditEntry = { ...(await readEntry(COUNT - 1)), seq: COUNT, actor: "ghost", prevHash: "ab".repeat(32) };
    await fs.writeFile(entryFile(COUNT), encodeEntry(forged));
    const { cli, startError } = await detect();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`first bad entry: seq ${COUNT}: entry ${COUNT} was changed or put there by hand`);
    expect(startError).toMatch(new RegExp(`at entry ${COUNT}: entry ${COUNT} was changed or put there by hand`));
  });

  it("the chain rewritten consistently from an entry onwards", async () => {
    let prev = entryHash(await fs.readFile(entryFile(4)));
    for (let seq = 5; seq < COUNT; seq += 1) {
      const e = await readEntry(seq);
      const bytes = encodeEntry({ ...e, actor: seq === 5 ? "rewritten" : e.actor, prevHash: prev });
      await fs.writeFile(entryFile(seq), bytes);
      prev = entryHash(bytes);
    }
    const { cli, startError, whole } = await detect();
    expect(whole).toMatch(/at entry 5: entry 5 does not match the signed checkpoint for size 6/);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain("seq 5: entry 5 does not match the signed checkpoint for size 6");
    expect(startError).toMatch(/at entry 5: entry 5 does not match the signed checkpoint for size 6/);
  });

  it("a hash tile changed is caught at start and the entry it covers named", async () => {
    const file = path.join(srv.dataDir, ...tileKey(0, 0, COUNT).split("/"));
    const tile = await fs.readFile(file);
    tile[4 * 32 + 7]! ^= 1;
    await fs.writeFile(file, tile);
    const { cli, startError, whole } = await detect();
    // The export carries entries, not tiles: the entries themselves are intact.
    expect(cli.code).toBe(0);
    expect(startError).toMatch(/at entry 4: hash tile audit\/tile\/0\/000\.p\/10 does not match entry 4/);
    expect(whole).toMatch(/at entry 4: hash tile audit\/tile\/0\/000\.p\/10 does not match entry 4/);
  });

  it("the log cut back together with its later checkpoints is caught by a checkpoint the auditor saved", async () => {
    const saved = path.join(work, "saved-checkpoint.txt");
    await fs.writeFile(saved, await (await srv.request("/v1/audit/checkpoint", { as: "auditor" })).text());
    for (const seq of [COUNT - 2, COUNT - 1]) await fs.rm(entryFile(seq));
    for (const size of [COUNT - 1, COUNT]) await fs.rm(path.join(srv.dataDir, "audit", "checkpoints", `${String(size).padStart(12, "0")}.txt`));
    for (const width of [COUNT - 1, COUNT]) await fs.rm(path.join(srv.dataDir, ...tileKey(0, 0, width).split("/")));
    const res = await srv.request("/v1/audit/export", { as: "auditor" });
    const file = path.join(work, "export.json");
    await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
    const cli = await auditVerify(file, "--checkpoint", saved);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`seq ${COUNT - 2}: entry ${COUNT - 2} is missing: a checkpoint for size ${COUNT} is signed`);
    // The service's own check at start catches it too: by the signed batch intents, and with
    // those deleted as well, by the checkpoint this instance remembered outside the store.
    const { startError } = await detect();
    expect(startError).toMatch(new RegExp(`at entry ${COUNT - 2}: entries ${COUNT - 2}\\.\\.\\d+ are missing: a signed batch intent`));
    await fs.rm(path.join(srv.dataDir, "audit", "intents"), { recursive: true });
    expect((await detect()).startError).toMatch(new RegExp(`at entry ${COUNT - 2}: entries ${COUNT - 2}\\.\\.${COUNT - 1} are missing: this instance saw a signed checkpoint for size ${COUNT}`));
  });
});
