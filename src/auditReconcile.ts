import type { AuditLog } from "./audit/index.js";
import { isMoharError } from "./errors.js";
import type { Vault } from "./vault/index.js";

/** The audit actions that create a version; each names the document and the version it made. */
const CREATES_VERSION = new Set(["document.upload", "document.version", "document.sign", "signing.complete"]);

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
      if (e.version !== undefined && e.outcome === "success" && (CREATES_VERSION.has(e.action) || e.action === "vault.version_unaudited")) versions.add(e.version);
    }
    if (page.next === null) return versions;
    from = page.next;
  }
}
