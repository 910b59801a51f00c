import fs from "node:fs/promises";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig, type Config } from "../../src/config.js";
import { startServer } from "../../src/main.js";
import { encodeEntry, entryHash, type AuditEntry } from "../../src/audit/entry.js";
import { AuditIntegrityError, CheckpointWitness, checkWholeLog, loadOrCreateLogKey } from "../../src/audit/index.js";
import { FsObjectStore } from "../../src/store/index.js";
import { runCli, runCliAction } from "../helpers/cliChild.js";
import { verifyExportFile } from "../../src/auditVerify.js";
import { seedPgliteDir } from "../helpers/pgliteTemplate.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { joinEntryBundle, splitEntryBundle } from "./c2spReader.js";
import { tempDir } from "./fixtures.js";
import { tileKey } from "../../src/audit/tiles.js";

const COUNT = 10;

/** Runs `mohar audit verify` as a child process, as an auditor would. */
function auditVerify(file: string | null, ...args: string[]): Promise<{ code: number; out: string }> {
  const env = file === null ? { ...process.env, DATA_DIR: args.pop() } : process.env;
  return runCli(["audit", "verify", ...(file === null ? [] : [file]), ...args], env);
}

/**
 * `mohar audit verify <export>` in this process, through the function the command calls (what it
 * prints and its exit code, as auditVerify reports them). The child costs about a second of
 * loading per case; the cases that are about the command itself (a pass, a failure, --store,
 * --checkpoint) run it as a child.
 */
const auditVerifyHere = (file: string): Promise<{ code: number; out: string }> => runCliAction(() => verifyExportFile(file, {}));

describe("tampering with the stored log behind the service's back", () => {
  // One service for the whole file: each test restores the log's pristine files (made once, below)
  // before it tampers, and the restart runs on a second data directory whose database is kept
  // between tests (it holds no versions; only the log's files are replaced).
  let srv: TestServer;
  let work: string;
  let pristine: string;
  let copy: string;
  // Ten appends, ten batches: entries 0..9 are in the partial entry bundle 000.p/10 (the one a
  // reader at the signed size fetches; the narrower ones written before it stay beside it).
  const bundleFile = (width = COUNT): string => path.join(srv.dataDir, "audit", "tile", "entries", `000.p/${width}`);
  const readBundle = async (): Promise<Buffer[]> => splitEntryBundle(await fs.readFile(bundleFile()));
  const readEntry = async (seq: number): Promise<AuditEntry> => JSON.parse((await readBundle())[seq]!.toString()) as AuditEntry;
  const rawEntry = async (seq: number): Promise<Buffer> => (await readBundle())[seq]!;
  /** Writes the bundle back with `edit` applied to its entries (under `width`, the same file by default). */
  const editBundle = async (edit: (entries: Buffer[]) => Buffer[], width = COUNT): Promise<void> => {
    const body = joinEntryBundle(edit(await readBundle()));
    await fs.writeFile(bundleFile(width), body);
  };
  const setEntry = (seq: number, bytes: Buffer | string): Promise<void> => editBundle((es) => es.map((b, i) => (i === seq ? Buffer.from(bytes) : b)));
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
   * Exports over HTTP, runs the CLI on it (as a child with `child`), then restarts the service on a copy of the data; and
   * runs the whole-log check (`mohar audit verify --store`, the background check) on that copy:
   * the start reads only the checkpoint, the tiles' right edge and the tail, so damage inside the
   * signed part is the whole-log check's to name.
   */
  async function detect(opts: { child?: boolean } = {}): Promise<{ cli: { code: number; out: string }; startError: string | null; whole: string | null }> {
    const res = await srv.request("/v1/audit/export", { as: "auditor" });
    expect(res.status).toBe(200);
    const file = path.join(work, "export.json");
    await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
    const cli = opts.child ? await auditVerify(file) : await auditVerifyHere(file);

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
    const { cli, startError, whole } = await detect({ child: true });
    expect(cli.out).toContain("OK:");
    expect(cli.code).toBe(0);
    expect(startError).toBeNull();
    expect(whole).toBeNull();
  });

  it("an entry's content changed", async () => {
    const e = await readEntry(4);
    await setEntry(4, encodeEntry({ ...e, actor: "someone-else" }));
    const { cli, startError, whole } = await detect({ child: true });
    expect(cli.code).toBe(1);
    expect(cli.out).toContain("first bad entry: seq 4: entry 4 was changed");
    // In the newest, partial bundle: the start checks each of its entries, falls back to the
    // whole-log check and names it (a changed entry there would be copied into the full bundle).
    expect(startError).toMatch(/at entry 4: entry 4 was changed/);
    expect(whole).toMatch(/at entry 4: entry 4 was changed/);
    const stored = await auditVerify(null, "--store", path.join(work, "data"));
    expect(stored.code).toBe(1);
    expect(stored.out).toContain("FAIL: first bad entry: seq 4: entry 4 was changed");
  });

  it("the last entry's content changed (no successor to notice)", async () => {
    const e = await readEntry(COUNT - 1);
    await setEntry(COUNT - 1, encodeEntry({ ...e, outcome: "failure" }));
    const { cli, startError, whole } = await detect();
    expect(whole).toMatch(new RegExp(`at entry ${COUNT - 1}:`));
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`seq ${COUNT - 1}: entry ${COUNT - 1} does not match the signed checkpoint for size ${COUNT}`);
    expect(startError).toMatch(new RegExp(`at entry ${COUNT - 1}:`));
  });

  it("an entry overwritten with bytes that are not an entry", async () => {
    await setEntry(3, "garbage");
    const { cli, startError, whole } = await detect();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('seq 3: entry 3 is unreadable: stored bytes are not a canonical entry: "garbage"');
    // In the newest, partial bundle: the start checks each of its entries, falls back to the
    // whole-log check and names it (a changed entry there would be copied into the full bundle).
    expect(startError).toMatch(/at entry 3: entry 3 is malformed: not valid JSON/);
    expect(whole).toMatch(/at entry 3: entry 3 is malformed: not valid JSON/);
  });

  it("an entry removed from the middle", async () => {
    await editBundle((es) => es.filter((_, i) => i !== 6));
    const { cli, startError, whole } = await detect();
    expect(cli.code).toBe(1);
    // The bundle is one entry short: what was entry 7 now sits in entry 6's place.
    expect(cli.out).toContain("seq 6: the object for entry 6 holds entry 7");
    // The bundle no longer holds ten entries: the start reads it for the last one, and falls back to the whole log.
    expect(startError).toMatch(/at entry 6: the place of entry 6 in audit\/tile\/entries\/000\.p\/10 holds entry 7/);
    expect(whole).toMatch(/at entry 6: the place of entry 6 in audit\/tile\/entries\/000\.p\/10 holds entry 7 \(entries reordered, removed or inserted\)/);
  });

  it("an entry inserted into the middle", async () => {
    // A copy of entry 4 renumbered 5 and chained to it: well-formed, but the bundle now holds eleven entries.
    const forged = encodeEntry({ ...(await readEntry(4)), seq: 5, actor: "ghost", prevHash: entryHash(await rawEntry(4)) });
    await editBundle((es) => [...es.slice(0, 5), forged, ...es.slice(5)]);
    const { cli, startError, whole } = await detect();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain("first bad entry: seq 5: entry 5 does not match the signed checkpoint for size 6");
    expect(startError).toMatch(/at entry 5: entry 5 does not match the signed checkpoint for size 6/);
    expect(whole).toMatch(/at entry 5: entry 5 does not match the signed checkpoint for size 6/);
  });

  it("an entry bundle overwritten with bytes that are not a bundle", async () => {
    await fs.writeFile(bundleFile(), Buffer.from([0x01, 0x00, 0x7b]));
    const { cli, startError, whole } = await detect();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain("first bad entry: seq 0: entry 0 is missing: a checkpoint for size 1 is signed");
    expect(startError).toMatch(/at entry 0: entry bundle audit\/tile\/entries\/000\.p\/10 is unreadable: entry 0 runs past the end of the bundle/);
    expect(whole).toMatch(/at entry 0: entry bundle audit\/tile\/entries\/000\.p\/10 is unreadable/);
  });

  it("the last entry removed", async () => {
    await editBundle((es) => es.slice(0, COUNT - 1));
    const { cli, startError, whole } = await detect();
    expect(whole).toMatch(new RegExp(`at entry ${COUNT - 1}: entry ${COUNT - 1} is missing`));
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`seq ${COUNT - 1}: entry ${COUNT - 1} is missing: a checkpoint for size ${COUNT} is signed`);
    expect(startError).toMatch(new RegExp(`at entry ${COUNT - 1}: entry ${COUNT - 1} is missing`));
  });

  it("two entries swapped", async () => {
    await editBundle((es) => [es[0]!, es[1]!, es[3]!, es[2]!, ...es.slice(4)]);
    const { cli, startError, whole } = await detect();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain("seq 2: the object for entry 2 holds entry 3");
    // In the newest, partial bundle: the start checks each of its entries, falls back to the
    // whole-log check and names it (a changed entry there would be copied into the full bundle).
    expect(startError).toMatch(/at entry 2: the place of entry 2 in audit\/tile\/entries\/000\.p\/10 holds entry 3/);
    expect(whole).toMatch(/at entry 2: the place of entry 2 in audit\/tile\/entries\/000\.p\/10 holds entry 3/);
  });

  it("an entry appended by hand with a correct hash chain", async () => {
    const last = await rawEntry(COUNT - 1);
    const forged: AuditEntry = { ...(await readEntry(COUNT - 1)), seq: COUNT, actor: "ghost", prevHash: entryHash(last) };
    // As the log would: the next partial bundle, beside the one it replaces.
    await editBundle((es) => [...es, encodeEntry(forged)], COUNT + 1);
    const { cli, startError, whole } = await detect();
    expect(whole).toMatch(new RegExp(`at entry ${COUNT}: entry ${COUNT} is not covered`));
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`seq ${COUNT}: entry ${COUNT} is not covered by any signed checkpoint`);
    expect(startError).toMatch(new RegExp(`at entry ${COUNT}: entry ${COUNT} is not covered`));
  });

  it("an entry appended by hand with a wrong prevHash is named itself, not its checkpointed predecessor", async () => {
    const forged: AuditEntry = { ...(await readEntry(COUNT - 1)), seq: COUNT, actor: "ghost", prevHash: "ab".repeat(32) };
    await editBundle((es) => [...es, encodeEntry(forged)], COUNT + 1);
    const { cli, startError } = await detect();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`first bad entry: seq ${COUNT}: entry ${COUNT} was changed or put there by hand`);
    expect(startError).toMatch(new RegExp(`at entry ${COUNT}: entry ${COUNT} was changed or put there by hand`));
  });

  it("the chain rewritten consistently from an entry onwards", async () => {
    const entries = await readBundle();
    let prev = entryHash(entries[4]!);
    for (let seq = 5; seq < COUNT; seq += 1) {
      const e = JSON.parse(entries[seq]!.toString()) as AuditEntry;
      entries[seq] = encodeEntry({ ...e, actor: seq === 5 ? "rewritten" : e.actor, prevHash: prev });
      prev = entryHash(entries[seq]);
    }
    await editBundle(() => entries);
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
    for (const width of [COUNT - 1, COUNT]) await fs.rm(bundleFile(width));
    for (const size of [COUNT - 1, COUNT]) await fs.rm(path.join(srv.dataDir, "audit", "checkpoints", `${String(size).padStart(12, "0")}.txt`));
    for (const width of [COUNT - 1, COUNT]) await fs.rm(path.join(srv.dataDir, ...tileKey(0, 0, width).split("/")));
    // The intent that claimed entry 8 goes too: it carries its entry, and the start would write that back.
    await fs.rm(path.join(srv.dataDir, "audit", "intents", `${String(COUNT - 2).padStart(12, "0")}.json`));
    const res = await srv.request("/v1/audit/export", { as: "auditor" });
    const file = path.join(work, "export.json");
    await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
    const cli = await auditVerify(file, "--checkpoint", saved);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`seq ${COUNT - 2}: entry ${COUNT - 2} is missing: a checkpoint for size ${COUNT} is signed`);
    // The service's own check at start catches it too: by the signed batch intents, and with
    // those deleted as well, by the checkpoint this instance remembered outside the store.
    const { startError } = await detect();
    expect(startError).toMatch(new RegExp(`at entry ${COUNT - 2}: entries ${COUNT - 2}\\.\\.${COUNT - 2} are missing: a signed batch intent shows the log held ${COUNT - 1} entries`));
    await fs.rm(path.join(srv.dataDir, "audit", "intents"), { recursive: true });
    expect((await detect()).startError).toMatch(new RegExp(`at entry ${COUNT - 2}: entries ${COUNT - 2}\\.\\.${COUNT - 1} are missing: this instance saw a signed checkpoint for size ${COUNT}`));
  });
});
