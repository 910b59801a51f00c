import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AuditLog, CheckpointWitness, loadOrCreateLogKey, type AuditEvent } from "../../src/audit/index.js";
import { FsObjectStore, type ObjectStore } from "../../src/store/index.js";
import { entryBundlePath, fetchEntries, joinEntryBundle, splitEntryBundle } from "./c2spReader.js";
import { checkpointBody } from "../../src/audit/checkpoint.js";
import { encodeEntry, entryHash, GENESIS_HASH } from "../../src/audit/entry.js";
import type { LogKey } from "../../src/audit/logKey.js";
import { mapLimit } from "../../src/audit/mapLimit.js";
import { leafHash, MerkleTree } from "../../src/audit/merkle.js";
import { checkpointKey, entryKey } from "../../src/audit/storageKeys.js";

export const ORIGIN = "test.mohar/audit";

export interface LogFixture {
  dir: string;
  store: FsObjectStore;
  log: AuditLog;
  /** The instance's witness file, outside the store. */
  witnessFile: string;
  /** Opens another AuditLog on the same directory and key (a restart, or a second instance); `witness: false` opens without the witness. */
  reopen(verifyOnStart?: boolean, opts?: { witness?: boolean }): Promise<AuditLog>;
  cleanup(): Promise<void>;
}

export async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), "mohar-audit-"));
}

export async function openLog(dir: string, verifyOnStart = true): Promise<AuditLog> {
  const store = await FsObjectStore.open(path.join(dir, "store"));
  const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), ORIGIN);
  return AuditLog.open({ store, key, verifyOnStart });
}

export async function logFixture(): Promise<LogFixture> {
  const dir = await tempDir();
  const store = await FsObjectStore.open(path.join(dir, "store"));
  const key = await loadOrCreateLogKey(path.join(dir, "audit-key.pem"), ORIGIN);
  const witnessFile = path.join(dir, "audit-witness.txt");
  const witness = new CheckpointWitness(witnessFile);
  const log = await AuditLog.open({ store, key, witness });
  const reopened: AuditLog[] = [];
  return {
    dir,
    store,
    log,
    witnessFile,
    reopen: async (verifyOnStart = true, opts = {}) => {
      const again = await AuditLog.open({ store, key, verifyOnStart, witness: opts.witness === false ? undefined : witness });
      reopened.push(again);
      return again;
    },
    // The witness and the by-document index are written in the background: let every instance the
    // test opened finish before removing their directory.
    cleanup: async () => {
      await Promise.all([log, ...reopened].map((l) => l.close().catch(() => undefined)));
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** The stored bytes of entries 0..size-1 (the log's signed size by default), read from the C2SP entry bundles by the independent reader. */
export async function storedEntries(store: ObjectStore, size: number): Promise<Buffer[]> {
  return fetchEntries((p) => store.getBuffer(`audit/${p}`), size);
}

/**
 * Tampering for tests: rewrites the entry bundle that holds entry `seq` in a log of `size`
 * entries (the one a reader at that size fetches) with what `edit` makes of its entries.
 * Returns the bundle's key.
 */
export async function rewriteBundle(store: ObjectStore, size: number, seq: number, edit: (entries: Buffer[]) => Buffer[]): Promise<string> {
  const key = `audit/${entryBundlePath(Math.floor(seq / 256), size)}`;
  const entries = splitEntryBundle(await store.getBuffer(key));
  await store.delete(key);
  await store.putIfAbsent(key, joinEntryBundle(edit(entries)));
  return key;
}

/** Rewrites entry `seq` (in the bundle a log of `size` entries reads) with `edit` applied to its bytes. */
export function rewriteEntry(store: ObjectStore, size: number, seq: number, edit: (bytes: Buffer) => Buffer): Promise<string> {
  return rewriteBundle(store, size, seq, (entries) => entries.map((b, i) => (i === seq % 256 ? edit(b) : b)));
}

export function event(i: number, documentId?: string): AuditEvent {
  return { actor: `clerk-${i % 7}`, action: "document.download", documentId, version: 1, outcome: "success" };
}

/**
 * Writes entries 0..n-1 and one signed checkpoint for size n straight into a local store's
 * directory, in the one-object-per-entry layout a log had before hash tiles: fast seeding for
 * tests of large logs and of what opening such a log does.
 */
export async function seedEntriesOnDisk(storeRoot: string, key: LogKey, n: number): Promise<Buffer[]> {
  const leaves: Buffer[] = [];
  const tree = new MerkleTree();
  let prev = GENESIS_HASH;
  const time = "2026-01-01T00:00:00.000Z";
  await fs.mkdir(path.join(storeRoot, "audit", "entries"), { recursive: true });
  await fs.mkdir(path.join(storeRoot, "audit", "checkpoints"), { recursive: true });
  for (let seq = 0; seq < n; seq += 1) {
    const bytes = encodeEntry({ seq, time, ...event(seq, `doc-${seq % 3}`), prevHash: prev });
    prev = entryHash(bytes);
    tree.append(leafHash(bytes));
    leaves.push(bytes);
  }
  const seqs = leaves.map((_, seq) => seq);
  await mapLimit(seqs, 32, (seq) => fs.writeFile(path.join(storeRoot, ...entryKey(seq).split("/")), leaves[seq]!));
  await fs.writeFile(path.join(storeRoot, ...checkpointKey(n).split("/")), key.sign(checkpointBody({ origin: key.name, size: n, root: tree.root(n), time })));
  return leaves;
}
