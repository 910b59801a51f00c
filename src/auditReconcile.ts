import type { AuditEntry, AuditLog } from "./audit/index.js";
import { isMoharError } from "./errors.js";
import type { Vault } from "./vault/index.js";

/** The audit actions that create a version; each names the document and the version it made. */
const CREATES_VERSION = new Set(["document.upload", "document.version", "document.sign", "document.timestamp", "signing.complete", "esign.complete", "report.statement"]);

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
  const candidates = await vault.versionsStoredBetween(since, new Date(now.getTime() - (opts.graceMs ?? UNAUDITED_GRACE_MS)));
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
  for await (const { id, n } of vault.versionsStored()) {
    if (!made.has(`${id}/${n}`)) findings.push({ documentId: id, version: n, reason: "in the vault, but no audit entry records it (a crash the reconciliation has not seen yet, or put there by hand)" });
  }
  return { checked, findings };
}

/** A version the audit log says was made that the database does not hold. */
export interface MissingVersion {
  documentId: string;
  version: number;
  seq: number;
}

/**
 * The other direction, at start: the versions the log's recent entries (around and after its
 * last one, as recordUnauditedVersions looks) say were made must be in the database. Each one
 * that is not is named (a version taken back after its entry did land, a database restored from
 * an older backup). A database with no versions at all beside a log that made some is a store
 * from before the database (run `mohar db import`): that refuses to start, rather than serve an
 * empty vault and hand the next upload a number the log already used.
 */
const UPGRADE_SCAN_ENTRIES = 10_000;

export async function versionsMissingFromDatabase(vault: Vault, audit: AuditLog, opts: Pick<ReconcileOptions, "lookbackMs"> = {}): Promise<MissingVersion[]> {
  if (audit.size === 0) return [];
  if ((await vault.countVersions()) === 0) {
    // Uploads come early in a vault's life: the first entries tell (bounded, so that a log of
    // only file movements and sign-ins does not cost a full read at every start).
    for (let from = 0; from < Math.min(audit.size, UPGRADE_SCAN_ENTRIES); ) {
      const page = await audit.entries(from, Math.min(audit.size, from + 1000));
      if (page.length === 0) break;
      if (page.some(recordsMaking)) {
        throw new Error("the audit log records versions, but the database holds none: this store's metadata is still in its JSON objects; run `mohar db import` (with the same DATA_DIR / S3 settings and DATABASE_URL) before starting");
      }
      from = page[page.length - 1]!.seq + 1;
    }
    return [];
  }
  const [last] = await audit.entries(audit.size - 1, audit.size);
  const since = (last ? Date.parse(last.time) : 0) - (opts.lookbackMs ?? 5 * 60_000);
  const missing: MissingVersion[] = [];
  // The log's tail, newest first, in pages, until entries older than the window.
  for (let to = audit.size; to > 0; ) {
    const from = Math.max(0, to - 500);
    const page = await audit.entries(from, to);
    for (const e of page) {
      if (!recordsMaking(e) || Date.parse(e.time) < since) continue;
      const stored = await vault.versionRecord(e.documentId, e.version).then(
        () => true,
        (err: unknown) => (isMoharError(err) && (err.code === "document.not_found" || err.code === "version.not_found") ? false : Promise.reject(err)),
      );
      if (!stored) missing.push({ documentId: e.documentId, version: e.version, seq: e.seq });
    }
    if (page.length === 0 || Date.parse(page[0]!.time) < since) break;
    to = from;
  }
  return missing;
}
