import path from "node:path";
import { AuditLog, loadOrCreateLogKey } from "../src/audit/index.js";
import { recordUnauditedVersions, versionsMissingFromDatabase } from "../src/auditReconcile.js";
import { DatabaseHandle } from "../src/db/index.js";
import { FsObjectStore } from "../src/store/index.js";
import { Vault } from "../src/vault/index.js";

/**
 * The service's start-up path on a bench data directory (`store/`, `db/`, `audit-key.pem`), in ms:
 * open the store, the audit log and the database, open the vault, and both reconciliation checks
 * (versions the log names that the database lacks; versions without their audit entry). Throws
 * when the bench's data disagree with its log.
 */
export async function timeStart(dir: string): Promise<number> {
  const t0 = performance.now();
  const store = await FsObjectStore.open(path.join(dir, "store"));
  const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), "bench.mohar/audit");
  const log = await AuditLog.open({ store, key });
  const database = new DatabaseHandle({ engine: "pglite", dataDir: path.join(dir, "db") });
  const vault = await Vault.open(store, await database.get());
  const missing = await versionsMissingFromDatabase(vault, log);
  const unaudited = await recordUnauditedVersions(vault, log, { graceMs: 0 });
  const ms = performance.now() - t0;
  if (missing.length > 0 || unaudited.length > 0) throw new Error(`the bench's data disagree with its log: ${missing.length} missing, ${unaudited.length} unaudited`);
  await log.close();
  await database.close();
  await store.close();
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Start-up on two data directories, interleaved for `rounds` rounds: the median of each, in ms. */
export async function interleavedStarts(floorDir: string, dir: string, rounds: number): Promise<{ floor: number; measured: number }> {
  const times: Array<[number, number]> = [];
  for (let r = 0; r < rounds; r++) times.push([await timeStart(floorDir), await timeStart(dir)]);
  return { floor: median(times.map(([a]) => a)), measured: median(times.map(([, b]) => b)) };
}
