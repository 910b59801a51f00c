import { createHash, randomUUID } from "node:crypto";
import { pipeline, Readable } from "node:stream";
import { MoharError } from "../errors.js";
import { inspectPdf, type PdfInspector } from "../pdf/index.js";
import type { Kysely } from "kysely";
import type { Database } from "../db/index.js";
import { ObjectExistsError, ObjectNotFoundError, type ObjectStore } from "../store/index.js";
import { documentKind, isDocumentId, isVersionNumber, requiredText, versionAction } from "./input.js";
import { KeyedMutex } from "./keyedMutex.js";
import { checkWhole, damaged, verifyingStream, type Expected } from "./verifiedRead.js";
import { versionPdfKey } from "./keys.js";
import { VaultRows } from "./vaultRows.js";
import { VersionClaims } from "./versionClaims.js";
import type { AddVersionInput, ByteRange, CreateDocumentInput, Extension, VaultOptions, VersionRowHook } from "./vaultTypes.js";
import type { DocumentMeta, DocumentView, VersionRecord } from "./records.js";

const DEFAULT_ORPHAN_GRACE_MS = 30_000;
const DEFAULT_ORPHAN_CONFIRM_MS = 3_000;
/** How often extendLatest starts again when another instance published first. */
const EXTEND_ATTEMPTS = 3;
/** How long a whole-version check stands for range reads of the same, unchanged object. */
const RANGE_CHECK_TTL_MS = 5 * 60_000;
const RANGE_CHECKS_KEPT = 1000;
/** Versions up to this size are read and checked whole before they are streamed to a client. */
const WHOLE_CHECK_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Documents and their immutable versions: each version's PDF in the ObjectStore, its record (and
 * the document's description, and the file-number index) in the database.
 *
 * Version n is written in two steps: its PDF, create-only, at `v/{n}.pdf`, then its row, in a
 * transaction that publishes it only as the version right after the newest and only once
 * (unique (document, n)); only versions with a row are visible. Within one process, writes to a
 * document are serialised so numbers are taken in order; across processes the create-only PDF
 * and the row's key decide. A crash between the two steps leaves a PDF without a row: nothing
 * was acknowledged, nothing is visible, and the number stays free. The next writer of that
 * number takes the PDF over when it holds the same bytes, else frees it once it is older than
 * the grace period (or was there before this vault opened, orphanConfirmMs ago). A crash after
 * the row and before the audit entry leaves a version the log does not record: the start-up
 * reconciliation finds it in the database (auditReconcile.ts). Opening reads nothing: start-up
 * does not depend on how many documents there are.
 */
export class Vault {
  private readonly locks = new KeyedMutex();
  private readonly maxPages: number | undefined;
  private readonly claims: VersionClaims;
  private readonly inspectPdf: PdfInspector;
  private readonly rows: VaultRows;
  /** Versions whose whole bytes were checked for range reads: the object's size and time then, and until when that stands. */
  private readonly rangeChecked = new Map<string, { size: number; modified: number; until: number }>();

  private constructor(
    private readonly store: ObjectStore,
    db: Kysely<Database>,
    options: VaultOptions,
  ) {
    this.rows = new VaultRows(db);
    this.maxPages = options.maxPages;
    this.claims = new VersionClaims(store, this.rows, options.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS, options.orphanConfirmMs ?? DEFAULT_ORPHAN_CONFIRM_MS);
    this.inspectPdf = options.inspect ?? inspectPdf;
  }

  /** Opens the vault over a store (the PDFs) and the database (the records); lists nothing. */
  static async open(store: ObjectStore, db: Kysely<Database>, options: VaultOptions = {}): Promise<Vault> {
    return new Vault(store, db, options);
  }

  async createDocument(input: CreateDocumentInput): Promise<{ document: DocumentMeta; version: VersionRecord }> {
    const title = requiredText("title", input.title, 300);
    const fileNumber = requiredText("fileNumber", input.fileNumber, 200);
    const kind = documentKind(input.kind);
    const createdBy = requiredText("createdBy", input.createdBy, 200);
    const info = await this.inspect(input.pdf);
    const id = randomUUID();
    // The PDF, then the document with its first version in one transaction: a crash in between
    // leaves only a PDF nobody can reach.
    const record: VersionRecord = { n: 1, sha256: sha256Of(input.pdf), size: input.pdf.length, pageCount: info.pageCount, createdAt: new Date().toISOString(), uploader: createdBy, derivedFrom: null, ...(input.signature ? { action: "signature", signature: input.signature } : { action: "upload" }) };
    const document: DocumentMeta = { id, title, fileNumber, kind, createdAt: record.createdAt, createdBy };
    await this.locks.run(id, async () => {
      await this.store.putIfAbsent(versionPdfKey(id, 1), input.pdf, input.pdf.length);
      try {
        await this.rows.insertDocument(document, record);
      } catch (err) {
        await this.claims.withdraw(id, 1);
        throw err;
      }
    });
    return { document, version: record };
  }

  async addVersion(id: string, input: AddVersionInput): Promise<VersionRecord> {
    const uploader = requiredText("uploader", input.uploader, 200);
    const action = versionAction(input.action);
    await this.meta(id);
    const pageCount = input.appendsToDerivedFrom
      ? await this.pageCountOfUpdate(id, input.pdf, input.derivedFrom)
      : (await this.inspect(input.pdf)).pageCount;
    return this.locks.run(id, () =>
      this.publishVersion(id, input.pdf, pageCount, (n) => {
        if (input.expectedLatest !== undefined && input.expectedLatest !== n - 1) {
          throw new MoharError("version.precondition_failed", `document ${id} gained version ${n - 1} after version ${input.expectedLatest} was named as the latest; nothing was stored`);
        }
        const derivedFrom = input.derivedFrom ?? n - 1;
        if (input.appendsToDerivedFrom && derivedFrom !== n - 1) {
          throw new MoharError("version.superseded", `document ${id} gained version ${n - 1} after version ${derivedFrom} was taken; sign again`);
        }
        if (!isVersionNumber(derivedFrom) || derivedFrom >= n) {
          throw new MoharError("vault.bad_derived_from", `derivedFrom must name an existing version (1..${n - 1})`);
        }
        return { uploader, action, derivedFrom, ...(input.signature ? { signature: input.signature } : {}) };
      }, input.withRow),
    );
  }

  /**
   * Makes the next version from the latest one (mohar's own signing): under the document's lock,
   * reads the latest version (checked), lets `make` append its incremental update, and publishes
   * it right after. Uploads to the document in this instance wait meanwhile, so a busy document
   * can still be signed (before, with 20 clients uploading, 200 of 200 signatures were 409). When
   * another instance published first, it starts again on the new latest version, up to three
   * times, unless the caller pinned the version (`expectedLatest`: 412 at once, nothing stored).
   */
  async extendLatest(id: string, expectedLatest: number | undefined, make: (base: { n: number; pdf: Buffer }) => Promise<Extension>): Promise<{ version: VersionRecord; base: number }> {
    if (!isDocumentId(id)) throw noDocument(id);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.locks.run(id, async () => {
          // The base's record read once, with its number: its PDF is checked against it, and so is
          // the update. A document has a version from its creation on, so none means no document.
          const base = await this.rows.newest(id);
          if (!base) {
            await this.meta(id);
            throw noVersion(id, 0);
          }
          const n = base.n;
          if (expectedLatest !== undefined && expectedLatest !== n) {
            throw new MoharError("version.precondition_failed", `document ${id} is at version ${n}, not version ${expectedLatest} as the request names; nothing was stored`);
          }
          const e = expected(id, base);
          const made = await make({ n, pdf: checkWhole(e, await this.readPdf(e, () => this.store.getBuffer(versionPdfKey(id, n)))) });
          const pageCount = this.pageCountOfUpdateOf(id, made.pdf, n, base);
          const uploader = requiredText("uploader", made.uploader, 200);
          const action = versionAction(made.action);
          const version = await this.publishVersion(id, made.pdf, pageCount, (next) => {
            if (next !== n + 1) throw new MoharError("version.superseded", `document ${id} gained version ${next - 1} after version ${n} was taken; sign again`);
            return { uploader, action, derivedFrom: n, ...(made.signature ? { signature: made.signature } : {}) };
          }, made.withRow, n);
          return { version, base: n };
        });
      } catch (err) {
        const lostRace = err instanceof MoharError && err.code === "version.superseded";
        if (!lostRace || expectedLatest !== undefined || attempt >= EXTEND_ATTEMPTS) throw err;
      }
    }
  }

  /**
   * Takes back version n, just published, whose audit entry could not be written: a version and
   * its entry are kept together or not at all. Only while n is still the document's latest version
   * and is the one published (its SHA-256); version 1 takes its document with it (the description
   * first, so the document disappears at once). Returns whether it was taken back; when it was
   * not (a later version builds on it, or the store fails too), the start-up reconciliation records
   * it as unaudited instead.
   */
  async withdrawLatest(id: string, n: number, sha256: string): Promise<boolean> {
    return this.locks.run(id, async () => {
      // The row first: the version (and for version 1 its document) disappears at once; a PDF
      // left when the store then fails is an orphan the next writer of n frees.
      if (!(await this.rows.deleteLatest(id, n, sha256))) return false;
      await this.store.delete(versionPdfKey(id, n)).catch(() => undefined);
      this.rangeChecked.delete(versionPdfKey(id, n));
      return true;
    });
  }

  async getDocument(id: string): Promise<DocumentView> {
    const meta = await this.meta(id);
    return { ...meta, versions: await this.rows.records(id) };
  }

  /** The number of the newest published version: like getDocument, but without reading every record. */
  async latestVersion(id: string): Promise<number> {
    await this.meta(id);
    return this.rows.latest(id);
  }

  /** Documents filed under `fileNumber`, oldest first, through the file-number index. */
  async listByFileNumber(fileNumber: string): Promise<DocumentView[]> {
    return this.rows.byFileNumber(requiredText("fileNumber", fileNumber, 200));
  }

  async versionRecord(id: string, n: number): Promise<VersionRecord> {
    if (!isVersionNumber(n)) throw noVersion(id, n);
    await this.meta(id);
    const record = await this.rows.record(id, n);
    if (!record) throw noVersion(id, n);
    return record;
  }

  /** Version n's PDF, checked against the size and SHA-256 recorded when it was stored (500 vault.integrity). */
  async readVersion(id: string, n: number): Promise<Buffer> {
    const e = expected(id, await this.versionRecord(id, n));
    return checkWhole(e, await this.readPdf(e, () => this.store.getBuffer(versionPdfKey(id, n))));
  }

  /**
   * Streams version n, or the inclusive byte range of it, checked against what was stored. A whole
   * read of up to 8 MiB is checked before it is returned; a larger one is hashed as it streams and
   * fails before its last chunk when the bytes differ. A range cannot be checked on its own: the
   * whole object is checked first, and that check stands for five minutes while the object's size
   * and modification time stay the same (a PDF viewer asks for many ranges of one file).
   */
  async openVersion(id: string, n: number, range?: ByteRange): Promise<Readable> {
    const record = await this.versionRecord(id, n);
    if (range && !(Number.isSafeInteger(range.start) && range.start >= 0 && range.start <= range.end && range.end < record.size)) {
      throw new MoharError("vault.bad_range", `byte range ${range.start}-${range.end} is outside version ${n} (${record.size} bytes)`);
    }
    const e = expected(id, record);
    const key = versionPdfKey(id, n);
    // A PDF that fits in memory comfortably is checked before a byte of it is sent, so a damaged
    // one is a clean 500 (missing and wrong size included); a larger one is checked as it streams,
    // after a look at its size so that a truncated one is refused before anything is sent.
    if (!range && e.size <= WHOLE_CHECK_MAX_BYTES) return Readable.from([checkWhole(e, await this.readPdf(e, () => this.store.getBuffer(key)))]);
    const info = await this.store.head(key);
    if (!info) throw damaged(e, "its PDF is missing from the store");
    if (info.size !== e.size) throw damaged(e, `it has ${info.size} bytes where ${e.size} were stored`);
    if (!range) return pipeline(await this.readPdf(e, () => this.store.get(key)), verifyingStream(e), () => undefined);
    const checked = this.rangeChecked.get(key);
    if (!checked || checked.size !== info.size || checked.modified !== info.lastModified.getTime() || checked.until < Date.now()) {
      for await (const _ of pipeline(await this.readPdf(e, () => this.store.get(key)), verifyingStream(e), () => undefined)) {
        // read to the end: verifyingStream fails on a difference
      }
      this.rangeChecked.delete(key);
      if (this.rangeChecked.size >= RANGE_CHECKS_KEPT) this.rangeChecked.delete(this.rangeChecked.keys().next().value as string);
      this.rangeChecked.set(key, { size: info.size, modified: info.lastModified.getTime(), until: Date.now() + RANGE_CHECK_TTL_MS });
    }
    return this.readPdf(e, () => this.store.get(key, range));
  }

  /** A published version's PDF missing from the store is damage, not "not found". */
  private async readPdf<T>(e: Expected, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (err instanceof ObjectNotFoundError) throw damaged(e, "its PDF is missing from the store");
      throw err;
    }
  }

  /** Every version stored, by document id and number, in pages from the database. */
  versionsStored(): AsyncGenerator<{ id: string; n: number }> {
    return this.rows.all();
  }

  /**
   * Stores a document's description and version records read from elsewhere (`mohar db import`
   * of a store's JSON metadata), each only if absent; the PDFs must be in the store already.
   * Returns how many versions were added.
   */
  importDocument(meta: DocumentMeta, records: VersionRecord[]): Promise<number> {
    return this.rows.importDocument(meta, records);
  }

  /** How many versions are stored. */
  countVersions(): Promise<number> {
    return this.rows.countVersions();
  }

  /** Versions made in [since, before), by the time in their record: for the checks after a restart. */
  versionsStoredBetween(since: Date, before: Date): Promise<Array<{ id: string; n: number }>> {
    return this.rows.createdBetween(since, before);
  }

  /**
   * Removes version PDFs that have no record and are older than the grace period: left by a
   * crash between the two writes of a version. Lists the whole store: a maintenance task, never
   * part of start-up. Returns how many were removed.
   */
  cleanup(): Promise<number> {
    return this.claims.cleanup();
  }

  private async inspect(pdf: Buffer): ReturnType<typeof inspectPdf> {
    if (!Buffer.isBuffer(pdf)) throw new MoharError("vault.pdf_required", "a PDF file is required");
    return this.inspectPdf(pdf, { maxPages: this.maxPages });
  }

  /** The page count of `pdf`, an update of version `base` that adds no pages, once it is seen to extend that version. */
  private async pageCountOfUpdate(id: string, pdf: Buffer, base: number | undefined): Promise<number> {
    const record = base === undefined || !isVersionNumber(base) ? null : await this.rows.record(id, base);
    return this.pageCountOfUpdateOf(id, pdf, base, record);
  }

  private pageCountOfUpdateOf(id: string, pdf: Buffer, base: number | undefined, record: VersionRecord | null): number {
    const extendsBase =
      record !== null &&
      Buffer.isBuffer(pdf) &&
      pdf.length > record.size &&
      createHash("sha256").update(pdf.subarray(0, record.size)).digest("hex") === record.sha256;
    if (!extendsBase) {
      throw new MoharError("vault.not_an_update", `the PDF is not an incremental update of version ${base ?? "(none given)"} of document ${id}`);
    }
    return record.pageCount;
  }

  private async meta(id: string): Promise<DocumentMeta> {
    if (!isDocumentId(id)) throw noDocument(id);
    const meta = await this.rows.meta(id);
    if (!meta) throw noDocument(id);
    return meta;
  }

  /**
   * Claims the next number with the PDF, then publishes its row. Lock held. `latestRead`: the
   * newest number, read under this lock by the caller, for the first try (a number another
   * instance took meanwhile is found by the claim or by the row's insert, and the next try reads).
   */
  private async publishVersion(
    id: string,
    pdf: Buffer,
    pageCount: number,
    describe: (n: number) => Pick<VersionRecord, "uploader" | "action" | "derivedFrom" | "signature">,
    withRow?: VersionRowHook,
    latestRead?: number,
  ): Promise<VersionRecord> {
    const sha256 = sha256Of(pdf);
    for (let known = latestRead; ; known = undefined) {
      const n = (known ?? (await this.rows.latest(id))) + 1;
      const details = describe(n);
      try {
        await this.store.putIfAbsent(versionPdfKey(id, n), pdf, pdf.length);
      } catch (err) {
        if (!(err instanceof ObjectExistsError)) throw err;
        // A PDF without a row, holding these very bytes (a crash's leftover of the same version,
        // or another writer of them): it serves as well as a fresh one.
        if (!(await this.claims.sameBytesAt(id, n, sha256))) {
          await this.claims.waitOutBlocked(id, n);
          continue;
        }
      }
      const record: VersionRecord = { n, sha256, size: pdf.length, pageCount, createdAt: new Date().toISOString(), ...details };
      let outcome;
      try {
        outcome = await this.rows.insertVersion(id, record, withRow);
      } catch (err) {
        await this.claims.withdraw(id, n);
        throw err;
      }
      if (outcome === "stored") return record;
      if (outcome === "gone") {
        await this.claims.withdraw(id, n);
        throw noDocument(id);
      }
      // Another writer published n first (perhaps with this very PDF, taken over): start again.
      await this.claims.withdraw(id, n);
    }
  }
}

function sha256Of(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function noDocument(id: string): MoharError {
  return new MoharError("document.not_found", `document ${id} does not exist`);
}

function noVersion(id: string, n: number): MoharError {
  return new MoharError("version.not_found", `document ${id} has no version ${n}`);
}

function expected(id: string, record: VersionRecord): Expected {
  return { id, n: record.n, size: record.size, sha256: record.sha256 };
}
