import { randomBytes } from "node:crypto";
import { MoharError } from "../errors.js";
import type { ByteRange } from "../pdf/index.js";
import type { Kysely } from "kysely";
import type { Database } from "../db/index.js";
import { ObjectNotFoundError, type ObjectStore } from "../store/index.js";

/** The officer a signature is made for, as it appears in the signature and its record. */
export interface SignerIdentity {
  officerId: string;
  name: string;
  designation?: string;
}

/** Everything `complete` needs, fixed at `prepare` time. */
export interface SigningSession {
  id: string;
  officer: SignerIdentity;
  /** The document version being signed, when the caller tracks one (the HTTP layer does). */
  documentId?: string;
  version?: number;
  fieldName: string;
  signingTime: Date;
  expiresAt: Date;
  byteRange: ByteRange;
  /**
   * DER of the CMS signed attributes (SET OF): what the officer's key signs. Absent, with
   * `certificate`, when the signer builds the whole CMS with a certificate not known at prepare
   * (eSign: the ESP issues one per transaction); such a session completes only with a CMS whose
   * signer the caller accepts.
   */
  signedAttributes?: Buffer;
  /** DER of the signer's certificate and its issuers. */
  certificate?: Buffer;
  chain: Buffer[];
  /** RFC 3161 TSA to timestamp the signature with on completion. */
  tsaUrl?: string;
  /** The PDF with the placeholder. */
  preparedPdf: Buffer;
}

/** A session as stored (the old layout's `session.json` too). */
export interface SessionRecord {
  id: string;
  officer: SignerIdentity;
  documentId?: string;
  version?: number;
  fieldName: string;
  signingTime: string;
  expiresAt: string;
  byteRange: ByteRange;
  signedAttributes?: string;
  certificate?: string;
  chain: string[];
  tsaUrl?: string;
}

/** What a completed session made: the new version of its document. */
export interface SessionResult {
  documentId: string;
  version: number;
}

const SESSION_ID = /^[A-Za-z0-9_-]{22}$/;
const PREFIX = "signing-sessions";

export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * Two-phase signing sessions: the prepared PDF in the object store (create-only,
 * `signing-sessions/{sid}/prepared.pdf`), then the session's row in the database (its presence
 * means the session is whole). The first successful completion claims the row (`completed_at`)
 * and records the version it made (`result_*`).
 */
export class SigningSessionStore {
  constructor(
    private readonly store: ObjectStore,
    private readonly db: Kysely<Database>,
  ) {}

  async save(s: SigningSession): Promise<void> {
    const record: SessionRecord = {
      id: s.id,
      officer: s.officer,
      documentId: s.documentId,
      version: s.version,
      fieldName: s.fieldName,
      signingTime: s.signingTime.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      byteRange: s.byteRange,
      signedAttributes: s.signedAttributes?.toString("base64"),
      certificate: s.certificate?.toString("base64"),
      chain: s.chain.map((c) => c.toString("base64")),
      tsaUrl: s.tsaUrl,
    };
    await this.store.putIfAbsent(preparedPdfKey(s.id), s.preparedPdf, s.preparedPdf.length);
    await insertSession(this.db, record, new Date(), null);
  }

  /** The session, or MoharError not_found for an unknown or malformed id. */
  async load(id: string): Promise<SigningSession> {
    const unknown = (): MoharError => new MoharError("signing.session_not_found", `no signing session ${JSON.stringify(id)}`);
    if (!SESSION_ID.test(id)) throw unknown();
    const row = await this.db.selectFrom("signing_sessions").select("record").where("id", "=", id).executeTakeFirst();
    if (!row) throw unknown();
    const record = row.record as unknown as SessionRecord;
    let preparedPdf: Buffer;
    try {
      preparedPdf = await this.store.getBuffer(preparedPdfKey(id));
    } catch (e) {
      if (e instanceof ObjectNotFoundError) throw unknown();
      throw e;
    }
    return {
      ...record,
      signingTime: new Date(record.signingTime),
      expiresAt: new Date(record.expiresAt),
      signedAttributes: record.signedAttributes === undefined ? undefined : Buffer.from(record.signedAttributes, "base64"),
      certificate: record.certificate === undefined ? undefined : Buffer.from(record.certificate, "base64"),
      chain: record.chain.map((c) => Buffer.from(c, "base64")),
      preparedPdf,
    };
  }

  /** Claims the session for one completion; a second claim is a conflict (409). */
  async markCompleted(id: string, at: Date): Promise<void> {
    const claimed = await this.db.updateTable("signing_sessions").set({ completed_at: at }).where("id", "=", id).where("completed_at", "is", null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) {
      throw new MoharError("signing.session_completed", `signing session ${id} has already been completed`);
    }
  }

  async isCompleted(id: string): Promise<boolean> {
    const row = await this.db.selectFrom("signing_sessions").select("completed_at").where("id", "=", id).executeTakeFirst();
    return row?.completed_at != null;
  }

  /** Records the version a completion made, so that a retried completion can answer with it. */
  async recordResult(id: string, result: SessionResult): Promise<void> {
    await this.db
      .updateTable("signing_sessions")
      .set({ result_document_id: result.documentId, result_version: result.version })
      .where("id", "=", id)
      .where("result_version", "is", null)
      .execute();
  }

  /**
   * Opens a completed session again when the version its completion made was taken back (its
   * audit entry could not be written): the result and the claim together, so the officer's retry
   * with the same signature completes it anew.
   */
  async reopen(id: string): Promise<void> {
    await this.db.updateTable("signing_sessions").set({ result_document_id: null, result_version: null, completed_at: null }).where("id", "=", id).execute();
  }

  /** The version the session's completion made, or null while it has made none. */
  async result(id: string): Promise<SessionResult | null> {
    const row = await this.db.selectFrom("signing_sessions").select(["result_document_id", "result_version"]).where("id", "=", id).executeTakeFirst();
    return row?.result_document_id != null && row.result_version != null ? { documentId: row.result_document_id, version: row.result_version } : null;
  }
}

function preparedPdfKey(id: string): string {
  return `${PREFIX}/${id}/prepared.pdf`;
}

/** Stores a session's row; one already there is left as it is (the import runs twice). */
export async function insertSession(db: Kysely<Database>, record: SessionRecord, createdAt: Date, completion: { at: Date; result: SessionResult | null } | null): Promise<void> {
  await db
    .insertInto("signing_sessions")
    .values({
      id: record.id,
      record: JSON.stringify(record),
      created_at: createdAt,
      completed_at: completion?.at ?? null,
      result_document_id: completion?.result?.documentId ?? null,
      result_version: completion?.result?.version ?? null,
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
}
