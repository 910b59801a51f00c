import type { Transaction } from "kysely";
import type { Database } from "../db/index.js";
import type { PdfInspector } from "../pdf/index.js";
import type { DocumentKind, SignatureInfo, VersionAction, VersionRecord } from "./records.js";

/**
 * Work done in the transaction that publishes a version's row (the webhook outbox's event for
 * it): committed with the row or not at all, and in the order the numbers are taken.
 */
export type VersionRowHook = (tx: Transaction<Database>, documentId: string, version: VersionRecord) => Promise<void>;

export interface VaultOptions {
  /** Refuse PDFs with more pages. */
  maxPages?: number;
  /**
   * How old a version PDF without its row must be before cleanup treats it as left by a
   * crash rather than as a write in progress in another instance. Default 30 s.
   */
  orphanGraceMs?: number;
  /**
   * A version PDF without its row that was already there when the vault opened, and still has
   * no row this long after, is taken for a crash's leftover and freed, instead of waiting out
   * orphanGraceMs (a publish writes its row moments after its PDF). Default 3 s; set it above
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
  signature?: SignatureInfo;
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
  /** Run in the transaction that publishes the version's row. */
  withRow?: VersionRowHook;
}

/** What `extendLatest`'s caller makes from the latest version: its incremental update, and who made it. */
export interface Extension {
  pdf: Buffer;
  uploader: string;
  action: VersionAction;
  signature?: SignatureInfo;
  /** Run in the transaction that publishes the version's row. */
  withRow?: VersionRowHook;
}

export interface ByteRange {
  /** Inclusive. */
  start: number;
  /** Inclusive. */
  end: number;
}
