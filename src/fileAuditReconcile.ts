import type { Kysely } from "kysely";
import type { AuditEntry, AuditLog } from "./audit/index.js";
import { UNAUDITED_GRACE_MS, type ReconcileOptions } from "./auditReconcile.js";
import type { Database, FileEventAction } from "./db/index.js";

/** The audit action each file event is recorded under (http/routeTable.ts `audit`). */
const AUDIT_ACTION: Record<FileEventAction, string> = {
  created: "file.open",
  forwarded: "file.forward",
  received: "file.receive",
  parked: "file.park",
  closed: "file.close",
  reopened: "file.reopen",
  document_attached: "file.attach",
};
const FILE_ACTIONS = new Set(Object.values(AUDIT_ACTION));

/** A file event found committed without its audit entry, and recorded late. */
export interface UnauditedFileEvent {
  fileId: string;
  event: number;
  step: number | null;
  action: FileEventAction;
  holder: string | null;
}

/** A file event the log's recent entries record that the database does not hold. */
export interface MissingFileEvent {
  fileId: string;
  event: number;
  seq: number;
}

const DEFAULT_LOOKBACK_MS = 5 * 60_000;

/** The log's entries from its end back to those older than `since` (newest pages first). */
async function* tailSince(audit: AuditLog, since: number): AsyncGenerator<AuditEntry> {
  for (let to = audit.size; to > 0; ) {
    const from = Math.max(0, to - 500);
    const page = await audit.entries(from, to);
    yield* page;
    if (page.length === 0 || Date.parse(page[0]!.time) < since) return;
    to = from;
  }
}

/** The start of the window to check: the log's last entry, less the lookback (clocks differ a little). */
async function windowStart(audit: AuditLog, lookbackMs: number): Promise<number> {
  const [last] = audit.size > 0 ? await audit.entries(audit.size - 1, audit.size) : [];
  return (last ? Date.parse(last.time) : 0) - lookbackMs;
}

/**
 * What the log's tail records of file events: their numbers, and for entries written before
 * entries named their event (no `fileEvent`), the file and action from the entry's text, so
 * that an upgrade does not record those events a second time.
 */
async function fileEventsLogged(audit: AuditLog, since: number): Promise<{ events: Map<number, AuditEntry>; legacy: Set<string> }> {
  const events = new Map<number, AuditEntry>();
  const legacy = new Set<string>();
  for await (const e of tailSince(audit, since)) {
    if (e.outcome !== "success") continue;
    if (e.fileEvent !== undefined) events.set(e.fileEvent, e);
    else if (FILE_ACTIONS.has(e.action)) {
      const fileId = /^file (\S+?):? /.exec(e.detail ?? "")?.[1];
      if (fileId) legacy.add(`${fileId}/${e.action}`);
    }
  }
  return { events, legacy };
}

/**
 * A file's movement (forward, receive, park, close, reopen, attach) is committed first and its
 * audit entry appended after; a crash in between leaves a movement no entry records. As for
 * versions (auditReconcile.ts), at start and once more after the grace period, the file events
 * around and after the log's last entry are checked, and each one no entry names gets a
 * `file.event_unaudited` entry by the system (file, event, step, action, holder), claimed first
 * so that two instances starting together record it once. Events younger than the grace period
 * are left to the instance that may still be logging them. Returns the events recorded that way.
 */
export async function recordUnauditedFileEvents(db: Kysely<Database>, audit: AuditLog, opts: ReconcileOptions = {}): Promise<UnauditedFileEvent[]> {
  const now = opts.now ?? new Date();
  const lookbackMs = opts.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const since = await windowStart(audit, lookbackMs);
  const candidates = await db
    .selectFrom("file_events as e")
    .leftJoin("file_holds as h", (j) => j.onRef("h.file_id", "=", "e.file_id").onRef("h.step", "=", "e.step"))
    .select(["e.id", "e.file_id", "e.action", "e.actor", "e.at", "e.step", "h.holder_kind", "h.holder_id"])
    .where("e.at", ">=", new Date(since))
    .where("e.at", "<", new Date(now.getTime() - (opts.graceMs ?? UNAUDITED_GRACE_MS)))
    .orderBy("e.id")
    .execute();
  if (candidates.length === 0) return [];
  // An entry comes after its event: entries older than the window, less the lookback again, cannot name one of these.
  const logged = await fileEventsLogged(audit, since - lookbackMs);
  const recorded: UnauditedFileEvent[] = [];
  for (const c of candidates) {
    const event = Number(c.id);
    if (logged.events.has(event) || logged.legacy.has(`${c.file_id}/${AUDIT_ACTION[c.action]}`)) continue;
    const holder = c.holder_kind && c.holder_id ? `${c.holder_kind} ${c.holder_id}` : null;
    const entry = await audit.appendOnce(`unaudited-file-event/${c.file_id}/${event}`, {
      actor: "system",
      action: "file.event_unaudited",
      fileId: c.file_id,
      fileEvent: event,
      outcome: "success",
      detail:
        `file ${c.file_id} step ${c.step ?? "?"}: ${c.action} by ${c.actor} at ${new Date(c.at).toISOString()}${holder ? ` (step held by ${holder})` : ""} was committed without its audit entry (${AUDIT_ACTION[c.action]}); the service probably stopped in between. Recorded at start.`.slice(
          0,
          2000,
        ),
    });
    if (entry) recorded.push({ fileId: c.file_id, event, step: c.step, action: c.action, holder });
  }
  return recorded;
}

/**
 * The other direction, at start: the file events the log's recent entries name must be in the
 * database. Each one that is not is named (a database restored from an older backup).
 */
export async function fileEventsMissingFromDatabase(db: Kysely<Database>, audit: AuditLog, opts: Pick<ReconcileOptions, "lookbackMs"> = {}): Promise<MissingFileEvent[]> {
  if (audit.size === 0) return [];
  const since = await windowStart(audit, opts.lookbackMs ?? DEFAULT_LOOKBACK_MS);
  const named: AuditEntry[] = [];
  for await (const e of tailSince(audit, since)) {
    if (e.fileEvent !== undefined && e.fileId !== undefined && e.outcome === "success" && Date.parse(e.time) >= since) named.push(e);
  }
  if (named.length === 0) return [];
  const ids = [...new Set(named.map((e) => e.fileEvent as number))];
  const present = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const held = await db.selectFrom("file_events").select(["id", "file_id"]).where("id", "in", ids.slice(i, i + 1000)).execute();
    for (const r of held) present.add(`${r.file_id}/${Number(r.id)}`);
  }
  return named.filter((e) => !present.has(`${e.fileId}/${e.fileEvent}`)).map((e) => ({ fileId: e.fileId as string, event: e.fileEvent as number, seq: e.seq }));
}
