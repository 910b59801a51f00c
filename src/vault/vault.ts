import { createHash, randomUUID } from "node:crypto";
import { pipeline, Readable } from "node:stream";
import { MoharError } from "../errors.js";
import { inspectPdf, type PdfInspector } from "../pdf/index.js";
import { ObjectExistsError, ObjectNotFoundError, type ObjectInfo, type ObjectStore } from "../store/index.js";
import { documentKind, isDocumentId, isVersionNumber, requiredText, versionAction } from "./input.js";
import { KeyedMutex } from "./keyedMutex.js";
import { checkWhole, damaged, verifyingStream, type Expected } from "./verifiedRead.js";
import {
  documentsPrefix,
  fileNumberIndexKey,
  fileNumberIndexPrefix,
  metaKey,
  parseVersionKey,
  versionPdfKey,
  versionRecordKey,
  versionsPrefix,
} from "./keys.js";
import {
  documentMetaSchema,
  versionRecordSchema,
  type DocumentKind,
  type DocumentMeta,
  type DocumentView,
  type SignatureInfo,
  type VersionAction,
  type VersionRecord,
} from "./records.js";

export interface VaultOptions {
  /** Refuse PDFs with more pages. */
  maxPages?: number;
  /**
   * How old a version PDF without its record must be before cleanup treats it as left by a
   * crash rather than as a write in progress in another instance. Default 30 s.
   */
  orphanGraceMs?: number;
  /**
   * A version PDF without its record that was already there when the vault opened, and still has
   * no record this long after, is taken for a crash's leftover and freed, instead of waiting out
   * orphanGraceMs (a publish writes its record moments after its PDF). Default 3 s; set it above
   * the longest a single small write to the store may take.
   */
  orphanConfirmMs?: number;
  /** How uploads are parsed and checked; default `inspectPdf` on this thread. */
  inspect?: PdfInspector;
}

export interface CreateDocumentInput {
  title: string;
  fileNumber: string;
  kind: DocumentKind | string;
  createdBy: string;
  pdf: Buffer;
  /** A document made already signed by mohar (a weekly statement): its first version records the signature. */
  signature?: VersionRecord["signature"];
}

export interface AddVersionInput {
  pdf: Buffer;
  uploader: string;
  action: VersionAction;
  /** The version this one was made from; defaults to the latest version. */
  derivedFrom?: number;
  signature?: SignatureInfo;
  /**
   * Set by mohar's own signing, never for an upload: `pdf` is version `derivedFrom` with an
   * incremental update appended that adds no pages. The vault then checks that `pdf` begins with
   * exactly that version (its recorded size and SHA-256) and keeps its page count, instead of
   * parsing the whole PDF again. Such a version must directly follow `derivedFrom`: when another
   * version took that place first (a concurrent signature or upload, from any instance), it is
   * refused with 409 `version.superseded` rather than published on top and silently dropping the
   * other version's changes from the document's history.
   */
  appendsToDerivedFrom?: boolean;
  /** The caller's precondition: publish only as the version right after this one, else 412 (If-Match, expectedVersion). */
  expectedLatest?: number;
}

/** What `extendLatest`'s caller makes from the latest version: its incremental update, and who made it. */
export interface Extension {
  pdf: Buffer;
  uploader: string;
  action: VersionAction;
  signature?: SignatureInfo;
}

export interface ByteRange {
  /** Inclusive. */
  start: number;
  /** Inclusive. */
  end: number;
}

const DEFAULT_ORPHAN_GRACE_MS = 30_000;
const DEFAULT_ORPHAN_CONFIRM_MS = 3_000;
/** How often extendLatest starts again when another instance published first. */
const EXTEND_ATTEMPTS = 3;
/** How long a whole-version check stands for range reads of the same, unchanged object. */
const RANGE_CHECK_TTL_MS = 5 * 60_000;
const RANGE_CHECKS_KEPT = 1000;
/** Versions up to this size are read and checked whole before they are streamed to a client. */
const WHOLE_CHECK_MAX_BYTES = 8 * 1024 * 1024;
const CLAIM_RETRY_MS = 50;

/**
 * Documents and their immutable versions on an ObjectStore.
 *
 * Version n is claimed by creating `v/{n}.pdf` create-only, then published by creating
 * `v/{n}.json`; only published versions are visible. Within one process, writes to a
 * document are serialised so numbers are taken in order; across processes the create-only
 * claim decides, and a claim that is blocked by a PDF whose record never came (a crash
 * between the two writes) is freed once that PDF is older than the grace period, so
 * numbering stays free of gaps and duplicates.
 */
export class Vault {
  private readonly locks = new KeyedMutex();
  private readonly maxPages: number | undefined;
  private readonly orphanGraceMs: number;
  private readonly orphanConfirmMs: number;
  private readonly openedAt = Date.now();
  /** Version PDFs that had no record when the vault opened (crash leftovers, or a publish under way then). */
  private readonly unpublishedAtOpen = new Set<string>();
  private readonly inspectPdf: PdfInspector;
  /** Versions whose whole bytes were checked for range reads: the object's size and time then, and until when that stands. */
  private readonly rangeChecked = new Map<string, { size: number; modified: number; until: number }>();

  private constructor(
    private readonly store: ObjectStore,
    options: VaultOptions,
    /** The version records the store listed when the vault opened (key and time stored). */
    private readonly recordsAtOpen: readonly ObjectInfo[],
  ) {
    this.maxPages = options.maxPages;
    this.orphanGraceMs = options.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS;
    this.orphanConfirmMs = options.orphanConfirmMs ?? DEFAULT_ORPHAN_CONFIRM_MS;
    this.inspectPdf = options.inspect ?? inspectPdf;
  }

  /**
   * Opens the vault and removes orphaned version PDFs older than the grace period. The one listing
   * of every document this takes also serves the start-up checks (versionsStoredBetween).
   */
  static async open(store: ObjectStore, options: VaultOptions = {}): Promise<Vault> {
    const objects = await store.list(documentsPrefix);
    const records = objects.filter((o) => parseVersionKey(o.key)?.ext === "json");
    const vault = new Vault(store, options, records);
    const recorded = new Set(records.map((o) => o.key));
    for (const o of objects) {
      const k = parseVersionKey(o.key);
      if (k?.ext === "pdf" && !recorded.has(versionRecordKey(k.id, k.n))) vault.unpublishedAtOpen.add(o.key);
    }
    await vault.removeOrphans(objects);
    return vault;
  }

  async createDocument(input: CreateDocumentInput): Promise<{ document: DocumentMeta; version: VersionRecord }> {
    const title = requiredText("title", input.title, 300);
    const fileNumber = requiredText("fileNumber", input.fileNumber, 200);
    const kind = documentKind(input.kind);
    const createdBy = requiredText("createdBy", input.createdBy, 200);
    const info = await this.inspect(input.pdf);
    const id = randomUUID();
    const version = await this.locks.run(id, () =>
      this.publishVersion(id, input.pdf, info.pageCount, () =>
        input.signature ? { uploader: createdBy, action: "signature", derivedFrom: null, signature: input.signature } : { uploader: createdBy, action: "upload", derivedFrom: null },
      ),
    );
    // Meta last: a crash before it leaves only unreachable objects (an index entry without a
    // document is skipped by listings), never a document missing from its file number's list.
    const document: DocumentMeta = { id, title, fileNumber, kind, createdAt: version.createdAt, createdBy };
    await this.store.putIfAbsent(fileNumberIndexKey(fileNumber, id), Buffer.alloc(0));
    await this.store.putIfAbsent(metaKey(id), json(document));
    return { document, version };
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
      }),
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
    await this.meta(id);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.locks.run(id, async () => {
          const n = (await this.nextNumber(id)) - 1;
          if (expectedLatest !== undefined && expectedLatest !== n) {
            throw new MoharError("version.precondition_failed", `document ${id} is at version ${n}, not version ${expectedLatest} as the request names; nothing was stored`);
          }
          const made = await make({ n, pdf: await this.readVersion(id, n) });
          const pageCount = await this.pageCountOfUpdate(id, made.pdf, n);
          const uploader = requiredText("uploader", made.uploader, 200);
          const action = versionAction(made.action);
          const version = await this.publishVersion(id, made.pdf, pageCount, (next) => {
            if (next !== n + 1) throw new MoharError("version.superseded", `document ${id} gained version ${next - 1} after version ${n} was taken; sign again`);
            return { uploader, action, derivedFrom: n, ...(made.signature ? { signature: made.signature } : {}) };
          });
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
      if ((await this.nextNumber(id)) - 1 !== n) return false;
      if ((await this.readRecord(id, n))?.sha256 !== sha256) return false;
      if (n === 1) await this.store.delete(metaKey(id));
      await this.store.delete(versionRecordKey(id, n));
      await this.store.delete(versionPdfKey(id, n));
      this.rangeChecked.delete(versionPdfKey(id, n));
      return true;
    });
  }

  async getDocument(id: string): Promise<DocumentView> {
    const meta = await this.meta(id);
    const keys = (await this.store.list(versionsPrefix(id)))
      .map((o) => parseVersionKey(o.key))
      .filter((k) => k?.ext === "json")
      .sort((a, b) => (a?.n ?? 0) - (b?.n ?? 0));
    const versions = await Promise.all(keys.map((k) => this.readRecord(id, k?.n ?? 0)));
    return { ...meta, versions: versions.filter((v): v is VersionRecord => v !== null) };
  }

  /** The number of the newest published version: like getDocument, but without reading every record. */
  async latestVersion(id: string): Promise<number> {
    await this.meta(id);
    return (await this.nextNumber(id)) - 1;
  }

  /** Documents filed under `fileNumber`, oldest first, through the file-number index. */
  async listByFileNumber(fileNumber: string): Promise<DocumentView[]> {
    const fn = requiredText("fileNumber", fileNumber, 200);
    const prefix = fileNumberIndexPrefix(fn);
    const ids = (await this.store.list(prefix)).map((o) => o.key.slice(prefix.length)).filter(isDocumentId);
    const found = await Promise.all(ids.map((id) => this.getDocument(id).catch((err: unknown) => (isNotFound(err) ? null : Promise.reject(err)))));
    // An id without a document was indexed by an upload that crashed before its metadata.
    const docs = found.filter((d): d is DocumentView => d !== null && d.fileNumber === fn);
    return docs.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  }

  async versionRecord(id: string, n: number): Promise<VersionRecord> {
    if (!isVersionNumber(n)) throw noVersion(id, n);
    await this.meta(id);
    const record = await this.readRecord(id, n);
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

  /** Every version present when the vault opened, by document id and number. */
  versionsAtOpen(): Array<{ id: string; n: number }> {
    return this.recordsAtOpen.flatMap((o) => {
      const k = parseVersionKey(o.key);
      return k ? [{ id: k.id, n: k.n }] : [];
    });
  }

  /**
   * Versions whose record was stored in [since, before), by the store's clock, among those present
   * when the vault opened: for checks after a restart, without listing every document again.
   */
  versionsStoredBetween(since: Date, before: Date): Array<{ id: string; n: number }> {
    return this.recordsAtOpen.flatMap((o) => {
      const k = parseVersionKey(o.key);
      const t = o.lastModified.getTime();
      return k && t >= since.getTime() && t < before.getTime() ? [{ id: k.id, n: k.n }] : [];
    });
  }

  /**
   * Removes version PDFs that have no record and are older than the grace period: left by
   * a crash between the two writes of a version. Returns how many were removed.
   */
  async cleanup(): Promise<number> {
    return this.removeOrphans(await this.store.list(documentsPrefix));
  }

  private async removeOrphans(objects: readonly ObjectInfo[]): Promise<number> {
    const records = new Set(objects.filter((o) => parseVersionKey(o.key)?.ext === "json").map((o) => o.key));
    let removed = 0;
    for (const o of objects) {
      const k = parseVersionKey(o.key);
      if (k?.ext !== "pdf" || records.has(versionRecordKey(k.id, k.n))) continue;
      if (await this.removeIfOrphan(k.id, k.n)) removed++;
    }
    return removed;
  }

  private async inspect(pdf: Buffer): ReturnType<typeof inspectPdf> {
    if (!Buffer.isBuffer(pdf)) throw new MoharError("vault.pdf_required", "a PDF file is required");
    return this.inspectPdf(pdf, { maxPages: this.maxPages });
  }

  /** The page count of `pdf`, an update of version `base` that adds no pages, once it is seen to extend that version. */
  private async pageCountOfUpdate(id: string, pdf: Buffer, base: number | undefined): Promise<number> {
    const record = base === undefined || !isVersionNumber(base) ? null : await this.readRecord(id, base);
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
    let raw: Buffer;
    try {
      raw = await this.store.getBuffer(metaKey(id));
    } catch (err) {
      if (err instanceof ObjectNotFoundError) throw noDocument(id);
      throw err;
    }
    const parsed = documentMetaSchema.safeParse(parseJson(raw));
    if (!parsed.success) throw new MoharError("vault.integrity", `the stored description of document ${id} is damaged (${metaKey(id)} is not a document record)`);
    return parsed.data;
  }

  private async readRecord(id: string, n: number): Promise<VersionRecord | null> {
    let raw: Buffer;
    try {
      raw = await this.store.getBuffer(versionRecordKey(id, n));
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return null;
      throw err;
    }
    const parsed = versionRecordSchema.safeParse(parseJson(raw));
    if (!parsed.success || parsed.data.n !== n) throw damaged({ id, n }, `its record ${versionRecordKey(id, n)} is not a version record of this number`);
    return parsed.data;
  }

  /** Next number after the highest published version. Called with the document's lock held, or to peek. */
  private async nextNumber(id: string): Promise<number> {
    let max = 0;
    for (const o of await this.store.list(versionsPrefix(id))) {
      const k = parseVersionKey(o.key);
      if (k?.ext === "json" && k.n > max) max = k.n;
    }
    return max + 1;
  }

  /** Claims the next number with the PDF, then publishes the record. Lock held. */
  private async publishVersion(
    id: string,
    pdf: Buffer,
    pageCount: number,
    describe: (n: number) => Pick<VersionRecord, "uploader" | "action" | "derivedFrom" | "signature">,
  ): Promise<VersionRecord> {
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    for (;;) {
      const n = await this.nextNumber(id);
      const details = describe(n);
      try {
        await this.store.putIfAbsent(versionPdfKey(id, n), pdf, pdf.length);
      } catch (err) {
        if (!(err instanceof ObjectExistsError)) throw err;
        await this.waitOutBlockedClaim(id, n);
        continue;
      }
      const record: VersionRecord = { n, sha256, size: pdf.length, pageCount, createdAt: new Date().toISOString(), ...details };
      try {
        await this.store.putIfAbsent(versionRecordKey(id, n), json(record));
      } catch (err) {
        await this.withdrawClaim(id, n);
        throw err;
      }
      return record;
    }
  }

  /**
   * Frees number n, whose record failed to write, so the next version takes it at once rather
   * than after the orphan grace period. Best effort: a PDF left behind is an orphan like any other.
   */
  private async withdrawClaim(id: string, n: number): Promise<void> {
    try {
      // The write may have landed with only its reply lost; then the version is published and stays.
      if (await this.store.head(versionRecordKey(id, n))) return;
      await this.store.delete(versionPdfKey(id, n));
    } catch {
      // The store is failing; cleanup or the next claim of n removes the orphan after the grace period.
    }
  }

  /**
   * Number n is taken by a PDF we did not write: another instance is publishing it (its
   * record follows within moments) or a crash orphaned it. Wait a little, and free it once
   * it is older than the grace period.
   */
  private async waitOutBlockedClaim(id: string, n: number): Promise<void> {
    if (await this.store.head(versionRecordKey(id, n))) return;
    if (await this.removeIfOrphan(id, n)) return;
    await new Promise((resolve) => setTimeout(resolve, CLAIM_RETRY_MS));
  }

  /**
   * Frees number n when its PDF has no record and is old enough: older than the grace period, or
   * (after a restart) already without its record when the vault opened, orphanConfirmMs ago.
   * Before, the next version of a document a crash interrupted waited the whole 30 s.
   */
  private async removeIfOrphan(id: string, n: number): Promise<boolean> {
    const key = versionPdfKey(id, n);
    const pdf = await this.store.head(key);
    if (!pdf) return false;
    // The same PDF as at open (not one another instance wrote since, whose record is on its way).
    const leftover = this.unpublishedAtOpen.has(key) && pdf.lastModified.getTime() <= this.openedAt && Date.now() - this.openedAt >= this.orphanConfirmMs;
    if (!leftover && Date.now() - pdf.lastModified.getTime() < this.orphanGraceMs) return false;
    if (await this.store.head(versionRecordKey(id, n))) return false;
    await this.store.delete(key);
    this.unpublishedAtOpen.delete(key);
    return true;
  }
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2), "utf8");
}

function isNotFound(err: unknown): boolean {
  return err instanceof MoharError && err.code === "document.not_found";
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

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}
