import type { Kysely } from "kysely";
import type { Database, FileStatus, HolderKind } from "../db/index.js";
import { MoharError } from "../errors.js";
import type { Holder } from "./fileService.js";
import { istDate, workingMs } from "./workingTime.js";

const DAY_MS = 86_400_000;

export interface MovementStep {
  step: number;
  holder: Holder;
  from: string;
  /** null while the file is still with this holder. */
  to: string | null;
  calendarMs: number;
  workingMs: number;
  sentBy: string;
  remarks: string | null;
  dueDate: string | null;
  receivedAt: string | null;
  receivedBy: string | null;
}

export interface PendingItem {
  fileId: string;
  fileNumber: string;
  subject: string;
  office: string;
  status: FileStatus;
  since: string;
  daysHeld: number;
  dueDate: string | null;
  overdue: boolean;
  received: boolean;
}

export interface PendencyRow {
  office: string;
  holderKind: HolderKind;
  holderId: string;
  pending: number;
  overdue: number;
  pendingOver7Days: number;
  medianDaysHeld: number;
}

export interface ActivityRow {
  office: string;
  created: number;
  received: number;
  forwarded: number;
  parked: number;
  closed: number;
  reopened: number;
  /** Signatures mohar made in the period on the documents of the office's files (see activity). */
  signatures: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const days = (ms: number) => Math.round((ms / DAY_MS) * 100) / 100;

/** The read side of files: lists, custody history, pending lists and office reports. */
export class FileQueries {
  constructor(
    private readonly database: () => Promise<Kysely<Database>>,
    private readonly holidays: ReadonlySet<string>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(filter: { office?: string; holder?: string; status?: string }, limit = 500) {
    if (filter.status !== undefined && !["open", "parked", "closed"].includes(filter.status)) {
      throw new MoharError("file.bad_status", "status must be open, parked or closed");
    }
    let q = (await this.database()).selectFrom("files").selectAll().orderBy("created_at").limit(limit);
    if (filter.office) q = q.where("office", "=", filter.office);
    if (filter.holder) q = q.where("holder_id", "=", filter.holder);
    if (filter.status) q = q.where("status", "=", filter.status as FileStatus);
    const rows = await q.execute();
    return rows.map((f) => ({
      id: f.id,
      fileNumber: f.file_number,
      subject: f.subject,
      office: f.office,
      section: f.section,
      status: f.status,
      holder: { kind: f.holder_kind, id: f.holder_id },
      version: f.row_version,
      createdAt: new Date(f.created_at).toISOString(),
    }));
  }

  async movements(fileId: string): Promise<MovementStep[]> {
    const file = await (await this.database()).selectFrom("files").select("id").where("id", "=", fileId).executeTakeFirst();
    if (!file) throw new MoharError("file.not_found", `there is no file with id ${JSON.stringify(fileId)}`);
    const now = this.now();
    const holds = await (await this.database()).selectFrom("file_holds").selectAll().where("file_id", "=", fileId).orderBy("step").execute();
    return holds.map((h) => {
      const from = new Date(h.from_at);
      const to = h.to_at ? new Date(h.to_at) : null;
      const end = to ?? now;
      return {
        step: h.step,
        holder: { kind: h.holder_kind, id: h.holder_id },
        from: from.toISOString(),
        to: to?.toISOString() ?? null,
        calendarMs: Math.max(0, end.getTime() - from.getTime()),
        workingMs: workingMs(from, end, this.holidays),
        sentBy: h.sent_by,
        remarks: h.remarks,
        dueDate: h.due_date,
        receivedAt: h.received_at ? new Date(h.received_at).toISOString() : null,
        receivedBy: h.received_by,
      };
    });
  }

  /** What is with a holder now, oldest first. */
  async pending(holder: Holder): Promise<PendingItem[]> {
    const now = this.now();
    const today = istDate(now);
    const rows = await (await this.database())
      .selectFrom("file_holds as h")
      .innerJoin("files as f", "f.id", "h.file_id")
      .select(["f.id", "f.file_number", "f.subject", "f.office", "f.status", "h.from_at", "h.due_date", "h.received_at"])
      .where("h.holder_kind", "=", holder.kind)
      .where("h.holder_id", "=", holder.id)
      .where("h.to_at", "is", null)
      .orderBy("h.from_at")
      .execute();
    return rows.map((r) => {
      const since = new Date(r.from_at);
      return {
        fileId: r.id,
        fileNumber: r.file_number,
        subject: r.subject,
        office: r.office,
        status: r.status,
        since: since.toISOString(),
        daysHeld: Math.floor((now.getTime() - since.getTime()) / DAY_MS),
        dueDate: r.due_date,
        overdue: r.due_date !== null && r.due_date < today,
        received: r.received_at !== null,
      };
    });
  }

  /** The weekly arrear statement: per office and holder, what was pending at `asOf`. */
  async pendency(office: string | undefined, asOf: Date): Promise<PendencyRow[]> {
    const today = istDate(asOf);
    const db = await this.database();
    // The steps open at asOf: those still open now, and those that ended after asOf. Two index
    // ranges (file_holds_office_open, file_holds_office_ended) instead of the office's whole history.
    const steps = (open: boolean) => {
      let q = db
        .selectFrom("file_holds as h")
        .select(["h.office", "h.holder_kind", "h.holder_id", "h.from_at", "h.due_date"])
        .where("h.from_at", "<=", asOf);
      q = open ? q.where("h.to_at", "is", null) : q.where("h.to_at", "is not", null).where("h.to_at", ">", asOf);
      return office ? q.where("h.office", "=", office) : q;
    };
    const rows = await steps(true).unionAll(steps(false)).execute();
    const groups = new Map<string, { row: PendencyRow; held: number[] }>();
    for (const r of rows) {
      const key = JSON.stringify([r.office, r.holder_kind, r.holder_id]);
      let g = groups.get(key);
      if (!g) {
        g = { row: { office: r.office, holderKind: r.holder_kind, holderId: r.holder_id, pending: 0, overdue: 0, pendingOver7Days: 0, medianDaysHeld: 0 }, held: [] };
        groups.set(key, g);
      }
      const heldMs = asOf.getTime() - new Date(r.from_at).getTime();
      g.row.pending += 1;
      if (r.due_date !== null && r.due_date < today) g.row.overdue += 1;
      if (heldMs > 7 * DAY_MS) g.row.pendingOver7Days += 1;
      g.held.push(heldMs);
    }
    return [...groups.values()]
      .map((g) => ({ ...g.row, medianDaysHeld: days(median(g.held)) }))
      .sort((a, b) => a.office.localeCompare(b.office) || a.holderId.localeCompare(b.holderId));
  }

  /**
   * Counts of what happened to files in [from, to), per office, and the signatures made in it.
   * A signature counts for the office of the file its document is on (the file whose number the
   * document carries, or a file it is attached to; once per office): the report is the office's
   * work on its own files, whoever signed. Documents on no file count for no office.
   */
  async activity(office: string | undefined, from: Date, to: Date): Promise<ActivityRow[]> {
    const db = await this.database();
    let events = db
      .selectFrom("file_events")
      // Built with the query's own expression builder, not kysely's `sql` tag: importing it would load
      // kysely with the configuration, which `mohar verify` reads (#16).
      .select((eb) => ["office", "action", eb.cast<number>(eb.fn.countAll(), "integer").as("n")])
      .where("at", ">=", from)
      .where("at", "<", to)
      .groupBy(["office", "action"]);
    if (office) events = events.where("office", "=", office);
    // The signed versions of the period (index versions_signed_at), each with the offices of its
    // document's files, looked up by index per signature: the cost follows the signatures of the
    // period, not an office's history (reached through the office's files the planner chose that,
    // 116 ms at 100,000 files).
    let signatures = db
      .selectFrom("versions as v")
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("documents as d")
            .innerJoin("files as f", "f.file_number", "d.file_number")
            .select("f.office")
            .whereRef("d.id", "=", "v.document_id")
            // union, not union all: a document both numbered and attached to one office's file counts once.
            .union(eb.selectFrom("file_documents as fd").innerJoin("files as f", "f.id", "fd.file_id").select("f.office").whereRef("fd.document_id", "=", "v.document_id"))
            .as("o"),
        (join) => join.onTrue(),
      )
      .select((eb) => ["o.office", eb.cast<number>(eb.fn.countAll(), "integer").as("n")])
      .where("v.action", "=", "signature")
      .where("v.created_at", ">=", from)
      .where("v.created_at", "<", to)
      .groupBy("o.office");
    if (office) signatures = signatures.where("o.office", "=", office);
    const [eventCounts, signatureCounts] = await Promise.all([events.execute(), signatures.execute()]);
    const byOffice = new Map<string, ActivityRow>();
    const rowOf = (name: string): ActivityRow => {
      let row = byOffice.get(name);
      if (!row) byOffice.set(name, (row = { office: name, created: 0, received: 0, forwarded: 0, parked: 0, closed: 0, reopened: 0, signatures: 0 }));
      return row;
    };
    for (const r of eventCounts) {
      const row = rowOf(r.office);
      // Attaching a document is no movement; the statement counts the rest.
      if (r.action !== "document_attached") row[r.action] = r.n;
    }
    for (const r of signatureCounts) rowOf(r.office).signatures = r.n;
    return [...byOffice.values()].sort((a, b) => a.office.localeCompare(b.office));
  }
}
