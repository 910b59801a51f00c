import type { ObjectStore } from "../store/index.js";
import { AuditLog } from "./auditLog.js";
import { AuditIntegrityError } from "./errors.js";
import { checkWholeLog, isLegacyLayout } from "./fullCheck.js";
import type { LogKey } from "./logKey.js";
import { quickStart } from "./startCheck.js";
import type { CheckpointWitness } from "./witness.js";

export interface MigrationReport {
  /** The log was in entry bundles with its tiles already: nothing was read whole. */
  alreadyTiled: boolean;
  size: number;
  root: Buffer;
}

type Logger = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };

/**
 * Converts a log written before entry bundles (one object per entry, with or without hash
 * tiles) into C2SP entry bundles and hash tiles, offline, so the service's next start is quick
 * (the service does the same at a start that finds such a log, reading the whole log first).
 * The entries' bytes are copied as they are, and checkpoints and intents are not touched, so no
 * entry hash, root or signed checkpoint changes; the entry objects stay (no longer read).
 * Resumable: bundles and tiles are create-only and derived from the entries, so a run cut short
 * leaves some and the next run checks those and writes the rest. Verified at the end: the
 * whole-log check reads the bundles and finds nothing, and the log opens through the
 * constant-cost start with the same signed root.
 */
export async function migrateToTiles(store: ObjectStore, key: LogKey, witness?: CheckpointWitness, logger?: Logger): Promise<MigrationReport> {
  const before = await quickStart(store, key, witness);
  if ("writer" in before) return { alreadyTiled: true, size: before.latest.size, root: before.latest.root };
  // Reads and checks the whole log (refusing a damaged one, naming the entry), then stores its bundles and tiles.
  const log = await AuditLog.open({ store, key, witness, logger });
  const { size, root } = log.checkpoint;
  await log.close();
  if (await isLegacyLayout(store)) throw new AuditIntegrityError({ seq: null, reason: "the log's entry bundles were not marked complete" });
  const { finding, result } = await checkWholeLog({ store, key, witness, logger });
  if (finding || result.size < size) {
    throw new AuditIntegrityError(finding ?? { seq: result.size, reason: `the entry bundles hold ${result.size} entries, the log ${size}` });
  }
  const after = await quickStart(store, key, witness);
  if (!("writer" in after) || after.latest.size < size || !(await after.writer.tree.root(size)).equals(root)) {
    throw new AuditIntegrityError({ seq: null, reason: `after storing the bundles and tiles the log still does not open from them: ${"fallback" in after ? after.fallback : "another root"}` });
  }
  return { alreadyTiled: false, size: after.latest.size, root: after.latest.root };
}
