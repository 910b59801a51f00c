import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AuditLog, loadOrCreateLogKey, type AuditEvent } from "../../src/audit/index.js";
import { FsObjectStore } from "../../src/store/index.js";

export const ORIGIN = "test.mohar/audit";

export interface LogFixture {
  dir: string;
  store: FsObjectStore;
  log: AuditLog;
  /** Opens another AuditLog on the same directory and key (a restart, or a second instance). */
  reopen(verifyOnStart?: boolean): Promise<AuditLog>;
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
  const log = await AuditLog.open({ store, key });
  return {
    dir,
    store,
    log,
    reopen: (verifyOnStart = true) => AuditLog.open({ store, key, verifyOnStart }),
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

export function event(i: number, documentId?: string): AuditEvent {
  return { actor: `clerk-${i % 7}`, action: "document.download", documentId, version: 1, outcome: "success" };
}
