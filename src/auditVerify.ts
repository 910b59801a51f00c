import { readFile } from "node:fs/promises";
import type { Config } from "./config.js";

// `mohar audit verify` on an export file (offline) and with --store (the whole-log check on the
// configured store); --since is auditSince.ts. Loaded by cli.ts when the command runs.

/** What the command reports goes to standard output (progress to standard error). */
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** `mohar audit verify <export>`: the export's chain, tree, checkpoint signatures and consistency, and the saved checkpoints still in it. */
export async function verifyExportFile(file: string | undefined, opts: { key?: string; checkpoint?: string[] }): Promise<void> {
  if (file === undefined) throw new Error("name an export file, or give --store to check the configured store's log");
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new Error(`${file} is not a readable JSON export: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const saved = await Promise.all((opts.checkpoint ?? []).map((f) => readFile(f, "utf8")));
  const { verifyExport } = await import("./audit/index.js");
  const report = verifyExport(doc, opts.key, saved);
  const latest = report.checkpoints.at(-1);
  say(`log ${report.origin}, key ${report.verifierKey}${opts.key ? " (trusted)" : " (from the export: compare it with the key you trust)"}`);
  say(`${report.size} entries in sequence; ${report.checkpoints.length} signed checkpoints verified; latest size ${latest?.size ?? 0}, root ${latest?.root.toString("base64") ?? "-"}`);
  const [first, ...more] = report.findings;
  if (!first) {
    say("OK: hash chain intact, every checkpoint signature valid, roots match and are mutually consistent");
    return;
  }
  say(`FAIL: ${first.seq !== null ? `first bad entry: seq ${first.seq}: ` : ""}${first.reason}`);
  for (const f of more) say(`  also: ${f.reason}`);
  process.exitCode = 1;
}

/** `mohar audit verify --store`: the whole-log check on the configured store, progress on stderr. */
export async function verifyStoredLog(config: Config): Promise<void> {
  const [{ checkWholeLog, CheckpointWitness, loadOrCreateLogKey }, { openStore }] = await Promise.all([import("./audit/index.js"), import("./store/index.js")]);
  const store = await openStore(config.store);
  try {
    const key = await loadOrCreateLogKey(config.audit.keyFile, config.audit.origin);
    const witness = config.audit.witnessFile ? new CheckpointWitness(config.audit.witnessFile) : undefined;
    let next = 0;
    const { result, finding } = await checkWholeLog({
      store,
      key,
      witness,
      onProgress: (done, of) => {
        if (done < next && done < of) return;
        next = done + 10_000;
        console.error(`read ${done} of ${of} entries`);
      },
    });
    const latest = result.checkpoints.at(-1);
    say(`log ${key.name}, key ${key.verifierKey}`);
    say(`${result.size} entries in sequence; latest checkpoint size ${latest?.size ?? 0}, root ${latest?.root.toString("base64") ?? "-"}`);
    if (!finding) {
      say("OK: hash chain intact, hash tiles and the latest signed checkpoint match the entries, every entry past it announced by a signed intent");
      return;
    }
    say(`FAIL: ${finding.seq !== null ? `first bad entry: seq ${finding.seq}: ` : ""}${finding.reason}`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}
