import type { AuditEntry, AuditLog } from "./audit/index.js";
import { isMoharError } from "./errors.js";
import type { Vault } from "./vault/index.js";

/** The audit actions that create a version; each names the document and the version it made. */
const CREATES_VERSION = new Set(["document.upload", "document.version", "document.sign", "signing.complete", "esign.complete"]);

/** Whether an entry records that a version was made (or found made without its entry, and recorded late). */
function recordsMaking(e: AuditEntry): e is AuditEntry & { documentId: string; version: number } {
  return e.outcome === "success" && e.documentId !== undefined && e.version !== undefined && (CREATES_VERSION.has(e.action) || e.action === "vault.version_unaudited");
}

/** Versions younger than this at a pass may still be on their way to the log (default of `graceMs`). */
export const UNAUDITED_GRACE_MS = 30_000;

export interface ReconcileOptions {
  /** How far before the log's last entry to look: clocks of instances and the store differ a little. */
  lookbackMs?: number;
  /** Versions younger than this may still be on their way to the log in another instance. */
  graceMs?: number;
  now?: Date;
}

/**
 * A version is stored first and its audit entry appended after; a crash (or a failing log) in
 * between leaves a version no entry records. At start, versions stored around and after the log's
 * last entry are checked, and each one without a creating entry gets a `vault.version_unaudited`
 * entry by the system, so the log still accounts for every version, and says it learnt late.
 * Returns the versions recorded that way.
 */
export async function recordUnauditedVersions(vault: Vault, audit: AuditLog, opts: ReconcileOptions = {}): Promise<Array<{ id: string; n: number }>> {
  const now = opts.now ?? new Date();
  const [last] = audit.size > 0 ? await audit.entries(audit.size - 1, audit.size) : [];
  const since = new Date((last ? Date.parse(last.time) : 0) - (opts.lookbackMs ?? 5 * 60_000));
  const candidates = vault.versionsStoredBetween(since, new Date(now.getTime() - (opts.graceMs ?? UNAUDITED_GRACE_MS)));
  const recorded: Array<{ id: string; n: number }> = [];
  // Each document's entries are read once, however many of its versions are candidates (reading
  // them per version made start-up quadratic: 193 s after 1,050 versions of one document).
  const logged = new Map<string, Promise<Set<number>>>();
  const loggedVersions = (id: string): Promise<Set<number>> => {
    let found = logged.get(id);
    if (!found) logged.set(id, (found = versionsLogged(audit, id)));
    return found;
  };
  for (const { id, n } of candidates) {
    if ((await loggedVersions(id)).has(n)) continue;
    // A version of a document whose metadata never landed (a crash during its upload) is not a
    // document at all: nobody can reach it, so there is nothing to account for.
    const record = await vault.versionRecord(id, n).catch(async (err: unknown) => {
      if (isMoharError(err) && err.code === "document.not_found") return null;
      // A damaged record does not stop the service: it is put on the record, and every read refuses it.
      if (isMoharError(err) && err.code === "vault.integrity") {
        await audit.appendOnce(`damaged-version/${id}/${n}`, { actor: "system", action: "vault.version_damaged", documentId: id, version: n, outcome: "failure", detail: err.message.slice(0, 2000) });
        return null;
      }
      throw err;
    });
    if (!record) continue;
    // Claimed first: two instances starting together record it once.
    const entry = await audit.appendOnce(`unaudited-version/${id}/${n}`, {
      actor: "system",
      action: "vault.version_unaudited",
      documentId: id,
      version: n,
      sha256: record.sha256,
      outcome: "success",
      detail: `version ${n} (${record.action} by ${record.uploader} at ${record.createdAt}) was stored without its audit entry; the service probably stopped in between. Recorded at start.`.slice(0, 2000),
    });
    if (entry) recorded.push({ id, n });
  }
  return recorded;
}

/** The versions of a document whose making the log records (or records as found unaudited). */
async function versionsLogged(audit: AuditLog, documentId: string): Promise<Set<number>> {
  const versions = new Set<number>();
  for (let from = 0; ; ) {
    const page = await audit.entriesForDocument(documentId, from);
    for (const e of page.entries) {
      if (recordsMaking(e)) versions.add(e.version);
    }
    if (page.next === null) return versions;
    from = page.next;
  }
}

/** A disagreement between the vault and the audit log, for `mohar audit check-vault`. */
export interface VaultFinding {
  documentId: string;
  version: number;
  reason: string;
}

/**
 * Cross-checks the vault against the audit log, version by version: every version the log says
 * was made must be in the vault with the SHA-256 the log recorded (not removed, not replaced), no
 * number may be made twice (a version removed from storage and its number taken again), and every
 * version in the vault must be in the log; each version's PDF is read and checked against its
 * record. The log is read whole, once (the service's start-up
 * check has verified its chain and checkpoints). Returns the findings, and how many versions
 * agree.
 */
export async function checkVaultAgainstLog(vault: Vault, audit: AuditLog, onProgress?: (done: number, of: number) => void): Promise<{ checked: number; findings: VaultFinding[] }> {
  const findings: VaultFinding[] = [];
  const made = new Map<string, { sha256: string | undefined; seq: number }>();
  for (let from = 0; from < audit.size; ) {
    const page = await audit.entries(from, audit.size);
    if (page.length === 0) break;
    for (const e of page) {
      if (!recordsMaking(e)) continue;
      const key = `${e.documentId}/${e.version}`;
      const before = made.get(key);
      if (before && before.sha256 !== e.sha256) {
        findings.push({ documentId: e.documentId, version: e.version, reason: `made twice: entry ${before.seq} (sha256 ${before.sha256 ?? "-"}) and entry ${e.seq} (sha256 ${e.sha256 ?? "-"}); the version was removed from storage and its number taken again` });
      }
      made.set(key, { sha256: e.sha256, seq: e.seq });
    }
    from = page[page.length - 1]!.seq + 1;
  }
  let checked = 0;
  let seen = 0;
  for (const [key, { sha256, seq }] of made) {
    const at = key.lastIndexOf("/");
    const documentId = key.slice(0, at);
    const version = Number(key.slice(at + 1));
    const record = await vault.versionRecord(documentId, version).catch((err: unknown) => {
      if (isMoharError(err) && (err.code === "document.not_found" || err.code === "version.not_found")) return null;
      if (isMoharError(err) && err.code === "vault.integrity") return err;
      throw err;
    });
    if (record === null) findings.push({ documentId, version, reason: `entry ${seq} records it, but the vault has no such version: removed from storage` });
    else if (record instanceof Error) findings.push({ documentId, version, reason: record.message });
    else if (sha256 !== undefined && record.sha256 !== sha256) findings.push({ documentId, version, reason: `entry ${seq} records sha256 ${sha256}, the vault holds ${record.sha256}: replaced in storage` });
    else {
      // The record agrees; the PDF must match it too (readVersion checks its size and SHA-256).
      const damaged = await vault.readVersion(documentId, version).then(
        () => null,
        (err: unknown) => (isMoharError(err) && err.code === "vault.integrity" ? err.message : Promise.reject(err)),
      );
      if (damaged) findings.push({ documentId, version, reason: damaged });
      else checked++;
    }
    onProgress?.(++seen, made.size);
  }
  for (const { id, n } of vault.versionsAtOpen()) {
    if (!made.has(`${id}/${n}`)) findings.push({ documentId: id, version: n, reason: "in the vault, but no audit entry records it (a crash the reconciliation has not seen yet, or put there by hand)" });
  }
  return { checked, findings };
}
