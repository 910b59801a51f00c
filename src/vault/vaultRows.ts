import type { Kysely, Selectable, Transaction } from "kysely";
import { isUniqueViolation, type Database } from "../db/index.js";
import { MoharError } from "../errors.js";
import { damaged } from "./verifiedRead.js";
import type { VersionRowHook } from "./vaultTypes.js";
import { documentMetaSchema, versionRecordSchema, type DocumentMeta, type DocumentView, type VersionRecord } from "./records.js";

type DocumentRow = Selectable<Database["documents"]>;
type VersionRow = Selectable<Database["versions"]>;

/** A version's number that no longer follows the newest: its transaction is rolled back. */
class NotNext extends Error {}

/** How a publish's row fared: stored, or the number was taken (by another writer, or no longer next). */
/** "gone": the document itself was taken back meanwhile (its first version with it). */
export type InsertOutcome = "stored" | "taken" | "gone";

/**
 * The vault's metadata in the database: documents (with the file-number index) and their version
 * records. A version is visible once its row is committed; its PDF was stored before. The primary
 * key (document_id, n) is the guard on numbers: two writers of one number cannot both commit.
 */
export class VaultRows {
  constructor(private readonly db: Kysely<Database>) {}

  async meta(id: string): Promise<DocumentMeta | null> {
    const row = await this.db.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toMeta(row) : null;
  }

  async record(id: string, n: number): Promise<VersionRecord | null> {
    const row = await this.db.selectFrom("versions").selectAll().where("document_id", "=", id).where("n", "=", n).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async records(id: string): Promise<VersionRecord[]> {
    const rows = await this.db.selectFrom("versions").selectAll().where("document_id", "=", id).orderBy("n").execute();
    return rows.map(toRecord);
  }

  /** The newest version's record (one query for its number and record), null when there is none. */
  async newest(id: string): Promise<VersionRecord | null> {
    const row = await this.db.selectFrom("versions").selectAll().where("document_id", "=", id).orderBy("n", "desc").limit(1).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** The newest version's number, 0 when there is none. */
  async latest(id: string): Promise<number> {
    const row = await this.db.selectFrom("versions").select((eb) => eb.fn.max("n").as("n")).where("document_id", "=", id).executeTakeFirst();
    return row?.n ?? 0;
  }

  /** A new document with its first version, together: neither is visible without the other. */
  async insertDocument(meta: DocumentMeta, record: VersionRecord): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto("documents").values(documentValues(meta)).execute();
      await tx.insertInto("versions").values(versionValues(meta.id, record)).execute();
    });
  }

  /**
   * Publishes version n of a document: only as the version right after its newest (a version
   * taken back meanwhile must not leave a gap), and only once (the primary key). `withRow` runs in
   * the same transaction, after the row.
   */
  async insertVersion(id: string, record: VersionRecord, withRow?: VersionRowHook): Promise<InsertOutcome> {
    try {
      return await this.db.transaction().execute(async (tx): Promise<InsertOutcome> => {
        // The document's row, locked: publishes and take-backs of one document go one at a time.
        // None: the document was taken back meanwhile (by another instance), its numbers with it.
        if (!(await tx.selectFrom("documents").select("id").where("id", "=", id).forUpdate().executeTakeFirst())) return "gone";
        // The row, with the newest number before it (the statement's snapshot, taken under the
        // lock, does not see the row it inserts): one statement where a read and an insert were two.
        const { before } = await tx
          .insertInto("versions")
          .values(versionValues(id, record))
          .returning((eb) => eb.selectFrom("versions").select((s) => s.fn.max("n").as("n")).where("document_id", "=", id).as("before"))
          .executeTakeFirstOrThrow();
        // A gap (a version taken back meanwhile): the row goes back with the transaction.
        if ((before ?? 0) !== record.n - 1) throw new NotNext();
        await withRow?.(tx, id, record);
        return "stored";
      });
    } catch (err) {
      if (isUniqueViolation(err) || err instanceof NotNext) return "taken";
      throw err;
    }
  }

  /**
   * Removes version n while it is the newest and has this SHA-256; version 1 takes its document
   * with it. Returns whether it was removed.
   */
  async deleteLatest(id: string, n: number, sha256: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      await tx.selectFrom("documents").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
      if ((await latestIn(tx, id)) !== n) return false;
      const removed = await tx.deleteFrom("versions").where("document_id", "=", id).where("n", "=", n).where("sha256", "=", sha256).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) return false;
      if (n === 1) await tx.deleteFrom("documents").where("id", "=", id).execute();
      return true;
    });
  }

  /** The documents filed under a file number, oldest first, with their versions. */
  async byFileNumber(fileNumber: string): Promise<DocumentView[]> {
    const docs = await this.db.selectFrom("documents").selectAll().where("file_number", "=", fileNumber).orderBy("created_at").orderBy("id").execute();
    if (docs.length === 0) return [];
    const rows = await this.db
      .selectFrom("versions")
      .selectAll()
      .where(
        "document_id",
        "in",
        docs.map((d) => d.id),
      )
      .orderBy("n")
      .execute();
    const byDoc = new Map<string, VersionRecord[]>();
    for (const r of rows) byDoc.set(r.document_id, [...(byDoc.get(r.document_id) ?? []), toRecord(r)]);
    return docs.map((d) => ({ ...toMeta(d), versions: byDoc.get(d.id) ?? [] }));
  }

  /** Versions made in [since, before) by the time in their record, oldest first. */
  async createdBetween(since: Date, before: Date): Promise<Array<{ id: string; n: number }>> {
    const rows = await this.db
      .selectFrom("versions")
      .select(["document_id", "n"])
      .where("created_at", ">=", since)
      .where("created_at", "<", before)
      .orderBy("created_at")
      .orderBy("document_id")
      .orderBy("n")
      .execute();
    return rows.map((r) => ({ id: r.document_id, n: r.n }));
  }

  /** Every version, in pages (for the cross-check with the audit log). */
  async *all(pageSize = 5000): AsyncGenerator<{ id: string; n: number }> {
    let after: { id: string; n: number } | null = null;
    for (;;) {
      let q = this.db.selectFrom("versions").select(["document_id", "n"]).orderBy("document_id").orderBy("n").limit(pageSize);
      if (after) {
        const a: { id: string; n: number } = after;
        q = q.where((eb) => eb.or([eb("document_id", ">", a.id), eb.and([eb("document_id", "=", a.id), eb("n", ">", a.n)])]));
      }
      const rows = await q.execute();
      for (const r of rows) yield { id: r.document_id, n: r.n };
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      after = { id: last.document_id, n: last.n };
    }
  }

  async countVersions(): Promise<number> {
    const row = await this.db.selectFrom("versions").select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirst();
    return Number(row?.c ?? 0);
  }

  /**
   * Stores a document and the versions given, each only if absent (`mohar db import`, which may
   * run twice). Returns how many versions were added now.
   */
  async importDocument(meta: DocumentMeta, records: VersionRecord[]): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      await tx.insertInto("documents").values(documentValues(meta)).onConflict((oc) => oc.column("id").doNothing()).execute();
      let added = 0;
      for (const r of records) {
        const done = await tx.insertInto("versions").values(versionValues(meta.id, r)).onConflict((oc) => oc.columns(["document_id", "n"]).doNothing()).executeTakeFirst();
        added += Number(done.numInsertedOrUpdatedRows ?? 0);
      }
      return added;
    });
  }
}

async function latestIn(tx: Transaction<Database>, id: string): Promise<number> {
  const row = await tx.selectFrom("versions").select((eb) => eb.fn.max("n").as("n")).where("document_id", "=", id).executeTakeFirst();
  return row?.n ?? 0;
}

function documentValues(meta: DocumentMeta) {
  return { id: meta.id, title: meta.title, file_number: meta.fileNumber, kind: meta.kind, created_at: new Date(meta.createdAt), created_by: meta.createdBy };
}

function versionValues(id: string, r: VersionRecord) {
  return {
    document_id: id,
    n: r.n,
    sha256: r.sha256,
    size: r.size,
    page_count: r.pageCount,
    created_at: new Date(r.createdAt),
    uploader: r.uploader,
    derived_from: r.derivedFrom,
    action: r.action,
    signature: r.signature ? JSON.stringify(r.signature) : null,
  };
}

function toMeta(row: DocumentRow): DocumentMeta {
  const parsed = documentMetaSchema.safeParse({ id: row.id, title: row.title, fileNumber: row.file_number, kind: row.kind, createdAt: row.created_at.toISOString(), createdBy: row.created_by });
  if (!parsed.success) throw new MoharError("vault.integrity", `the stored description of document ${row.id} is damaged (it is not a document record)`);
  return parsed.data;
}

function toRecord(row: VersionRow): VersionRecord {
  const parsed = versionRecordSchema.safeParse({
    n: row.n,
    sha256: row.sha256,
    size: Number(row.size),
    pageCount: row.page_count,
    createdAt: row.created_at.toISOString(),
    uploader: row.uploader,
    derivedFrom: row.derived_from,
    action: row.action,
    ...(row.signature ? { signature: row.signature } : {}),
  });
  if (!parsed.success) throw damaged({ id: row.document_id, n: row.n }, "its record in the database is not a version record");
  return parsed.data;
}
