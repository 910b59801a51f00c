import { randomUUID } from "node:crypto";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, FileEventAction, FileStatus, HolderKind } from "../db/index.js";
import { MoharError } from "../errors.js";
import { enqueueEvent } from "../webhooks/index.js";
import { forwardInput, newFileInput, parseInput, attachInput } from "./fileInput.js";
import { istDate } from "./workingTime.js";

/** Who is acting on a file: the authenticated caller, with the officer they are bound to. */
export interface FileActor {
  id: string;
  officerId?: string;
  admin: boolean;
}

export interface Holder {
  kind: HolderKind;
  id: string;
}

export interface FileView {
  id: string;
  fileNumber: string;
  subject: string;
  office: string;
  section: string | null;
  createdBy: string;
  createdAt: string;
  status: FileStatus;
  holder: Holder;
  /** Row version: send it back as If-Match to forward only the file as you saw it. */
  version: number;
  dueDate: string | null;
  documents: string[];
}

/** A change to a file: the file as it is now, and the number of the event that recorded it (the audit entry names it). */
export interface FileChange {
  file: FileView;
  event: number;
}

/** What the files service needs from the rest of mohar. */
export interface FileDependencies {
  /** The database, opened on first use (see db/DatabaseHandle). */
  db(): Promise<Kysely<Database>>;
  officerExists(id: string): Promise<boolean>;
  documentExists(id: string): Promise<boolean>;
  now?: () => Date;
}

type Db = Kysely<Database> | Transaction<Database>;
type FileRow = Selectable<Database["files"]>;

/** The holder an actor is when a file is with them: their officer, or themselves. */
export function holderOf(actor: FileActor): Holder {
  return actor.officerId ? { kind: "officer", id: actor.officerId } : { kind: "user", id: actor.id };
}

function holds(actor: FileActor, file: Pick<FileRow, "holder_kind" | "holder_id">): boolean {
  const me = holderOf(actor);
  return file.holder_kind === me.kind && file.holder_id === me.id;
}

const notFound = (id: string) => new MoharError("file.not_found", `there is no file with id ${JSON.stringify(id)}`);

/** Files and their custody: open, forward, receive, park, close, reopen, attach. Reads are in fileQueries.ts. */
export class FileService {
  private readonly now: () => Date;
  constructor(private readonly deps: FileDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  async create(actor: FileActor, body: unknown): Promise<FileChange> {
    const input = parseInput(newFileInput, body);
    this.assertNotPast(input.dueDate);
    const at = this.now();
    const id = randomUUID();
    const me = holderOf(actor);
    const db = await this.deps.db();
    let event: number;
    try {
      event = await db.transaction().execute(async (tx) => {
        await tx
          .insertInto("files")
          .values({ id, file_number: input.fileNumber, subject: input.subject, office: input.office, section: input.section ?? null, created_by: actor.id, created_at: at, status: "open", holder_kind: me.kind, holder_id: me.id, row_version: 1 })
          .execute();
        await tx
          .insertInto("file_holds")
          .values({ file_id: id, office: input.office, step: 1, holder_kind: me.kind, holder_id: me.id, from_at: at, to_at: null, sent_by: actor.id, remarks: null, due_date: input.dueDate ?? null, received_at: at, received_by: actor.id })
          .execute();
        return this.event(tx, id, input.office, "created", actor, at, 1);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new MoharError("file.number_taken", `a file numbered ${JSON.stringify(input.fileNumber)} already exists`);
      throw err;
    }
    return { file: await this.view(db, id), event };
  }

  async get(id: string): Promise<FileView> {
    return this.view(await this.deps.db(), id);
  }

  /** Sends the file on. `expectedVersion` (If-Match) makes a stale forward a 409 instead of a second move. */
  async forward(actor: FileActor, id: string, body: unknown, expectedVersion?: number): Promise<FileChange & { step: number; to: Holder }> {
    const input = parseInput(forwardInput, body);
    this.assertNotPast(input.dueDate);
    const to: Holder = input.toOfficer ? { kind: "officer", id: input.toOfficer } : { kind: "section", id: input.toSection as string };
    if (to.kind === "officer" && !(await this.deps.officerExists(to.id))) {
      throw new MoharError("file.unknown_officer", `there is no officer with id ${JSON.stringify(to.id)} to forward to`);
    }
    const at = this.now();
    const { step, event } = await (await this.deps.db()).transaction().execute(async (tx) => {
      const file = await this.lock(tx, id, expectedVersion);
      if (file.status === "closed") throw closedError(id);
      if (!holds(actor, file) && !actor.admin) {
        throw new MoharError("file.not_holder", `file ${file.file_number} is with ${file.holder_kind} ${file.holder_id}; only its holder (or an admin) may forward it`);
      }
      // A time limit stays with the file until a forward sets a new one.
      const dueDate = input.dueDate ?? (await this.currentStep(tx, id)).due_date;
      const next = await this.startStep(tx, file, to, at, actor, { remarks: input.remarks ?? null, due_date: dueDate, received_at: null, received_by: null });
      const event = await this.event(tx, id, file.office, "forwarded", actor, at, next);
      await this.moved(tx, file, "forwarded", next, to, actor, at, dueDate);
      return { step: next, event };
    });
    return { file: await this.view(await this.deps.db(), id), step, to, event };
  }

  /**
   * Acknowledges the file. Sent to an officer: that officer marks it received. Sent to a
   * section: whoever receives it there becomes its holder.
   */
  async receive(actor: FileActor, id: string): Promise<FileChange> {
    const at = this.now();
    const event = await (await this.deps.db()).transaction().execute(async (tx) => {
      const file = await this.lock(tx, id);
      if (file.status === "closed") throw closedError(id);
      if (file.holder_kind === "section") {
        const me = holderOf(actor);
        const current = await this.currentStep(tx, id);
        const step = await this.startStep(tx, file, me, at, actor, { remarks: null, due_date: current.due_date, received_at: at, received_by: actor.id });
        await this.moved(tx, file, "received", step, me, actor, at, current.due_date);
        return this.event(tx, id, file.office, "received", actor, at, step);
      } else {
        if (!holds(actor, file) && !actor.admin) throw new MoharError("file.not_addressee", `file ${file.file_number} was sent to ${file.holder_kind} ${file.holder_id}, not to you`);
        const current = await this.currentStep(tx, id);
        if (current.received_at) throw new MoharError("file.already_received", `file ${file.file_number} was already received`);
        await tx.updateTable("file_holds").set({ received_at: at, received_by: actor.id }).where("file_id", "=", id).where("step", "=", current.step).execute();
        await this.bump(tx, file);
        await this.moved(tx, file, "received", current.step, { kind: file.holder_kind, id: file.holder_id }, actor, at, current.due_date);
        return this.event(tx, id, file.office, "received", actor, at, current.step);
      }
    });
    return { file: await this.view(await this.deps.db(), id), event };
  }

  async park(actor: FileActor, id: string): Promise<FileChange> {
    return this.changeStatus(actor, id, "parked", ["open"]);
  }

  async close(actor: FileActor, id: string): Promise<FileChange> {
    return this.changeStatus(actor, id, "closed", ["open", "parked"]);
  }

  /** A closed file comes back with whoever reopens it (its last holder or an admin); a parked one stays with its holder. */
  async reopen(actor: FileActor, id: string): Promise<FileChange> {
    return this.changeStatus(actor, id, "open", ["parked", "closed"]);
  }

  async attachDocument(actor: FileActor, id: string, body: unknown): Promise<FileChange & { documentId: string }> {
    const { documentId } = parseInput(attachInput, body);
    if (!(await this.deps.documentExists(documentId))) {
      throw new MoharError("file.unknown_document", `there is no document with id ${JSON.stringify(documentId)} in the vault`);
    }
    const at = this.now();
    const event = await (await this.deps.db()).transaction().execute(async (tx) => {
      const file = await this.lock(tx, id);
      if (file.status === "closed") throw closedError(id);
      if (!holds(actor, file) && !actor.admin) throw new MoharError("file.not_holder", `only the holder of file ${file.file_number} (or an admin) may add documents to it`);
      const inserted = await tx
        .insertInto("file_documents")
        .values({ file_id: id, document_id: documentId, attached_by: actor.id, attached_at: at })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 0n) throw new MoharError("file.document_attached", `document ${documentId} is already on file ${file.file_number}`);
      await this.bump(tx, file);
      return this.event(tx, id, file.office, "document_attached", actor, at, (await this.currentStep(tx, id)).step);
    });
    return { file: await this.view(await this.deps.db(), id), documentId, event };
  }

  private async changeStatus(actor: FileActor, id: string, status: FileStatus, from: FileStatus[]): Promise<FileChange> {
    const at = this.now();
    const event = await (await this.deps.db()).transaction().execute(async (tx) => {
      const file = await this.lock(tx, id);
      if (!from.includes(file.status)) throw new MoharError(`file.${file.status}`, `file ${file.file_number} is ${file.status}; it cannot be ${status === "open" ? "reopened" : status} from there`);
      const reopening = file.status === "closed";
      // A closed file still names its last holder: they (or an admin) may take it up again.
      if (!holds(actor, file) && !actor.admin) throw new MoharError("file.not_holder", `only the holder of file ${file.file_number} (or an admin) may change its status`);
      if (status === "closed") {
        await tx.updateTable("file_holds").set({ to_at: at }).where("file_id", "=", id).where("to_at", "is", null).execute();
      }
      const step = reopening
        ? await this.startStep(tx, file, holderOf(actor), at, actor, { remarks: null, due_date: null, received_at: at, received_by: actor.id })
        : (await this.currentStep(tx, id)).step;
      await tx.updateTable("files").set({ status }).where("id", "=", id).execute();
      if (!reopening) await this.bump(tx, file);
      return this.event(tx, id, file.office, status === "open" ? "reopened" : status, actor, at, step);
    });
    return { file: await this.view(await this.deps.db(), id), event };
  }

  /** Reads the file row for update: concurrent changes to one file queue here, one at a time. */
  private async lock(tx: Transaction<Database>, id: string, expectedVersion?: number): Promise<FileRow> {
    const file = await tx.selectFrom("files").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!file) throw notFound(id);
    if (expectedVersion !== undefined && file.row_version !== expectedVersion) {
      throw new MoharError("file.moved", `file ${file.file_number} changed (now version ${file.row_version}, you sent ${expectedVersion}); read it again`);
    }
    return file;
  }

  private async currentStep(tx: Transaction<Database>, id: string) {
    return tx.selectFrom("file_holds").selectAll().where("file_id", "=", id).orderBy("step", "desc").limit(1).executeTakeFirstOrThrow();
  }

  /** Ends the open step and starts the next with `to`; returns its number. */
  private async startStep(
    tx: Transaction<Database>,
    file: FileRow,
    to: Holder,
    at: Date,
    actor: FileActor,
    facts: Pick<Database["file_holds"], "remarks" | "due_date"> & { received_at: Date | null; received_by: string | null },
  ): Promise<number> {
    const last = await this.currentStep(tx, file.id);
    await tx.updateTable("file_holds").set({ to_at: at }).where("file_id", "=", file.id).where("to_at", "is", null).execute();
    const step = last.step + 1;
    await tx.insertInto("file_holds").values({ file_id: file.id, office: file.office, step, holder_kind: to.kind, holder_id: to.id, from_at: at, to_at: null, sent_by: actor.id, ...facts }).execute();
    // The conditional update is the second guard: a row changed under us moves nothing.
    const moved = await tx
      .updateTable("files")
      .set({ holder_kind: to.kind, holder_id: to.id, status: "open", row_version: file.row_version + 1 })
      .where("id", "=", file.id)
      .where("row_version", "=", file.row_version)
      .executeTakeFirst();
    if (moved.numUpdatedRows !== 1n) throw new MoharError("file.moved", `file ${file.file_number} moved meanwhile; read it again`);
    return step;
  }

  private async bump(tx: Transaction<Database>, file: FileRow): Promise<void> {
    await tx.updateTable("files").set({ row_version: file.row_version + 1 }).where("id", "=", file.id).execute();
  }

  /** Records the event in the change's transaction; returns its number, for the audit entry to name. */
  private async event(tx: Transaction<Database>, fileId: string, office: string, action: FileEventAction, actor: FileActor, at: Date, step: number): Promise<number> {
    const row = await tx.insertInto("file_events").values({ file_id: fileId, office, action, actor: actor.id, at, step }).returning("id").executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /**
   * `file.moved` for webhook subscribers, in the transaction of the move itself: the event is
   * stored exactly when the movement is, and the file's row lock orders one file's events.
   */
  private async moved(tx: Transaction<Database>, file: FileRow, action: "forwarded" | "received", step: number, to: Holder, actor: FileActor, at: Date, dueDate: string | null): Promise<void> {
    const data = {
      fileId: file.id,
      fileNumber: file.file_number,
      office: file.office,
      action,
      step,
      from: { kind: file.holder_kind, id: file.holder_id },
      to,
      by: actor.id,
      at: at.toISOString(),
      dueDate,
    };
    await enqueueEvent(tx, { type: "file.moved", orderingKey: `file:${file.id}`, data }, at);
  }

  private assertNotPast(dueDate: string | undefined): void {
    if (dueDate !== undefined && dueDate < istDate(this.now())) {
      throw new MoharError("file.due_date_past", `dueDate ${dueDate} is in the past (today is ${istDate(this.now())} IST)`);
    }
  }

  private async view(db: Db, id: string): Promise<FileView> {
    const file = await db.selectFrom("files").selectAll().where("id", "=", id).executeTakeFirst();
    if (!file) throw notFound(id);
    const [step, docs] = await Promise.all([
      db.selectFrom("file_holds").select("due_date").where("file_id", "=", id).orderBy("step", "desc").limit(1).executeTakeFirst(),
      db.selectFrom("file_documents").select("document_id").where("file_id", "=", id).orderBy("attached_at").execute(),
    ]);
    return {
      id: file.id,
      fileNumber: file.file_number,
      subject: file.subject,
      office: file.office,
      section: file.section,
      createdBy: file.created_by,
      createdAt: new Date(file.created_at).toISOString(),
      status: file.status,
      holder: { kind: file.holder_kind, id: file.holder_id },
      version: file.row_version,
      dueDate: step?.due_date ?? null,
      documents: docs.map((d) => d.document_id),
    };
  }
}

const closedError = (id: string) => new MoharError("file.closed", `file ${id} is closed; reopen it first`);

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "23505";
}
