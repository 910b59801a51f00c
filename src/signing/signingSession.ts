import { randomBytes } from "node:crypto";
import { MoharError } from "../errors.js";
import type { ByteRange } from "../pdf/index.js";
import { ObjectExistsError, ObjectNotFoundError, type ObjectStore } from "../store/index.js";

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

interface SessionRecord {
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
 * Two-phase signing sessions on the object store, create-only like everything else:
 * `signing-sessions/{sid}/prepared.pdf`, then `session.json` (its presence means the session is
 * whole), `completed.json` written once by the first successful completion, and `result.json`
 * naming the version that completion stored.
 */
export class SigningSessionStore {
  constructor(private readonly store: ObjectStore) {}

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
    await this.store.putIfAbsent(`${PREFIX}/${s.id}/prepared.pdf`, s.preparedPdf, s.preparedPdf.length);
    const json = Buffer.from(JSON.stringify(record));
    await this.store.putIfAbsent(`${PREFIX}/${s.id}/session.json`, json, json.length);
  }

  /** The session, or MoharError not_found for an unknown or malformed id. */
  async load(id: string): Promise<SigningSession> {
    const unknown = (): MoharError => new MoharError("signing.session_not_found", `no signing session ${JSON.stringify(id)}`);
    if (!SESSION_ID.test(id)) throw unknown();
    let record: SessionRecord;
    let preparedPdf: Buffer;
    try {
      record = JSON.parse((await this.store.getBuffer(`${PREFIX}/${id}/session.json`)).toString("utf8")) as SessionRecord;
      preparedPdf = await this.store.getBuffer(`${PREFIX}/${id}/prepared.pdf`);
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
    const body = Buffer.from(JSON.stringify({ completedAt: at.toISOString() }));
    try {
      await this.store.putIfAbsent(`${PREFIX}/${id}/completed.json`, body, body.length);
    } catch (e) {
      if (e instanceof ObjectExistsError) {
        throw new MoharError("signing.session_completed", `signing session ${id} has already been completed`);
      }
      throw e;
    }
  }

  async isCompleted(id: string): Promise<boolean> {
    return (await this.store.head(`${PREFIX}/${id}/completed.json`)) !== null;
  }

  /** Records the version a completion made, so that a retried completion can answer with it. */
  async recordResult(id: string, result: SessionResult): Promise<void> {
    const body = Buffer.from(JSON.stringify(result));
    await this.store.putIfAbsent(`${PREFIX}/${id}/result.json`, body, body.length);
  }

  /**
   * Opens a completed session again when the version its completion made was taken back (its
   * audit entry could not be written): the result first, then the claim, so the officer's retry
   * with the same signature completes it anew.
   */
  async reopen(id: string): Promise<void> {
    await this.store.delete(`${PREFIX}/${id}/result.json`);
    await this.store.delete(`${PREFIX}/${id}/completed.json`);
  }

  /** The version the session's completion made, or null while it has made none. */
  async result(id: string): Promise<SessionResult | null> {
    try {
      return JSON.parse((await this.store.getBuffer(`${PREFIX}/${id}/result.json`)).toString("utf8")) as SessionResult;
    } catch (e) {
      if (e instanceof ObjectNotFoundError) return null;
      throw e;
    }
  }
}
