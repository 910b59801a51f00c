import type { ObjectStore } from "../store/index.js";
import { AuditLog } from "./auditLog.js";
import { AuditIntegrityError } from "./errors.js";
import type { LogKey } from "./logKey.js";
import { quickStart } from "./startCheck.js";
import type { CheckpointWitness } from "./witness.js";

export interface MigrationReport {
  /** The log had its tiles already: nothing was read whole. */
  alreadyTiled: boolean;
  size: number;
  root: Buffer;
}

/**
 * Gives a log written before hash tiles its tiles, offline, so the service's next start is
 * quick (the service does the same at a start that finds no tiles, reading the whole log
 * first). Entries, checkpoints and intents are not touched, so no entry hash, root or signed
 * checkpoint changes. Resumable: tiles are create-only and derived from the entries, so a run
 * cut short leaves some tiles and the next run checks those and writes the rest. Verified at
 * the end: the log must then open through the constant-cost start with the same signed root.
 */
export async function migrateToTiles(store: ObjectStore, key: LogKey, witness?: CheckpointWitness, logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void }): Promise<MigrationReport> {
  const before = await quickStart(store, key, witness);
  if ("tree" in before) return { alreadyTiled: true, size: before.latest.size, root: before.latest.root };
  // Reads and checks the whole log (refusing a damaged one, naming the entry), then stores its tiles.
  const log = await AuditLog.open({ store, key, witness, logger });
  const { size, root } = log.checkpoint;
  await log.close();
  const after = await quickStart(store, key, witness);
  if (!("tree" in after) || after.latest.size < size || !(await after.tree.root(size)).equals(root)) {
    throw new AuditIntegrityError({ seq: null, reason: `after storing the tiles the log still does not open from them: ${"fallback" in after ? after.fallback : "another root"}` });
  }
  return { alreadyTiled: false, size: after.latest.size, root: after.latest.root };
}
