import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AuditLog, CheckpointWitness, loadOrCreateLogKey, type AuditEvent } from "../../src/audit/index.js";
import { FsObjectStore } from "../../src/store/index.js";

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
  return {
    dir,
    store,
    log,
    witnessFile,
    reopen: (verifyOnStart = true, opts = {}) => AuditLog.open({ store, key, verifyOnStart, witness: opts.witness === false ? undefined : witness }),
    // The witness is written in the background after an append: let it finish before removing its directory.
    cleanup: async () => {
      await log.close().catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export function event(i: number, documentId?: string): AuditEvent {
  return { actor: `clerk-${i % 7}`, action: "document.download", documentId, version: 1, outcome: "success" };
}
