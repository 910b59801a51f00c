import { createHash } from "node:crypto";
import { MoharError } from "../errors.js";

/** What a caller records; the log adds seq, time and prevHash. */
export interface AuditEvent {
  actor: string;
  action: string;
  documentId?: string;
  version?: number;
  sha256?: string;
  /** The file a custody change was made to (files/), with `fileEvent`. */
  fileId?: string;
  /** The number of the file event (its row in the database) this entry records: matched at start (auditReconcile). */
  fileEvent?: number;
  outcome: "success" | "failure";
  detail?: string;
  /** The HTTP request that did it (X-Request-Id), to find its log lines. */
  requestId?: string;
}

export interface AuditEntry extends AuditEvent {
  seq: number;
  /** ISO 8601 UTC time at which the entry was sequenced. */
  time: string;
  /** Hex SHA-256 of the previous entry's bytes; 64 zeros for seq 0. */
  prevHash: string;
}

export const GENESIS_HASH = "0".repeat(64);

const ACTION = /^[a-z][a-z0-9_.-]{0,63}$/;
/** Document ids become part of an object key (the by-document index), so they stay key-safe. */
export const DOCUMENT_ID = /^[A-Za-z0-9_-][A-Za-z0-9._:-]{0,199}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_ACTOR = 200;
const MAX_DETAIL = 2000;
/** What a request id may be: a caller's X-Request-Id is taken only in this shape. */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function bad(message: string): MoharError {
  return new MoharError("audit.bad_event", message);
}

/** Checks an event from a caller; throws MoharError(bad_input) naming the bad field. */
export function validateEvent(e: AuditEvent): AuditEvent {
  if (typeof e.actor !== "string" || e.actor.length === 0 || e.actor.length > MAX_ACTOR) {
    throw bad(`audit actor must be a string of 1..${MAX_ACTOR} characters`);
  }
  if (typeof e.action !== "string" || !ACTION.test(e.action)) {
    throw bad(`audit action ${JSON.stringify(e.action)} must match ${ACTION.source}`);
  }
  if (e.documentId !== undefined && (typeof e.documentId !== "string" || !DOCUMENT_ID.test(e.documentId))) {
    throw bad(`audit documentId ${JSON.stringify(e.documentId)} must match ${DOCUMENT_ID.source}`);
  }
  if (e.version !== undefined && !(Number.isSafeInteger(e.version) && e.version >= 0)) {
    throw bad("audit version must be a non-negative integer");
  }
  if (e.sha256 !== undefined && (typeof e.sha256 !== "string" || !HEX64.test(e.sha256))) {
    throw bad("audit sha256 must be 64 lowercase hex digits");
  }
  if (e.fileId !== undefined && (typeof e.fileId !== "string" || !DOCUMENT_ID.test(e.fileId))) {
    throw bad(`audit fileId ${JSON.stringify(e.fileId)} must match ${DOCUMENT_ID.source}`);
  }
  if (e.fileEvent !== undefined && !(Number.isSafeInteger(e.fileEvent) && e.fileEvent >= 1)) {
    throw bad("audit fileEvent must be a positive integer");
  }
  if (e.outcome !== "success" && e.outcome !== "failure") throw bad('audit outcome must be "success" or "failure"');
  if (e.detail !== undefined && (typeof e.detail !== "string" || e.detail.length > MAX_DETAIL)) {
    throw bad(`audit detail must be a string of at most ${MAX_DETAIL} characters`);
  }
  if (e.requestId !== undefined && (typeof e.requestId !== "string" || !REQUEST_ID.test(e.requestId))) {
    throw bad(`audit requestId must match ${REQUEST_ID.source}`);
  }
  return e;
}

/**
 * The canonical bytes of an entry: JSON with a fixed key order, absent optional fields
 * omitted, UTF-8. These bytes are the Merkle leaf data and what the hash chain hashes.
 */
export function encodeEntry(e: AuditEntry): Buffer {
  const ordered: Record<string, string | number> = { seq: e.seq, time: e.time, actor: e.actor, action: e.action };
  if (e.documentId !== undefined) ordered.documentId = e.documentId;
  if (e.version !== undefined) ordered.version = e.version;
  if (e.sha256 !== undefined) ordered.sha256 = e.sha256;
  if (e.fileId !== undefined) ordered.fileId = e.fileId;
  if (e.fileEvent !== undefined) ordered.fileEvent = e.fileEvent;
  ordered.outcome = e.outcome;
  if (e.detail !== undefined) ordered.detail = e.detail;
  if (e.requestId !== undefined) ordered.requestId = e.requestId;
  ordered.prevHash = e.prevHash;
  return Buffer.from(JSON.stringify(ordered), "utf8");
}

const FIELDS = new Set(["seq", "time", "actor", "action", "documentId", "version", "sha256", "fileId", "fileEvent", "outcome", "detail", "requestId", "prevHash"]);

/** Validates a parsed JSON value as an entry; returns a reason string when it is not one. */
export function entryFromJson(value: unknown): AuditEntry | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const o = value as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => !FIELDS.has(k));
  if (extra !== undefined) return `unknown field ${JSON.stringify(extra)}`;
  if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 0) return "seq is not a non-negative integer";
  if (typeof o.time !== "string" || !ISO_TIME.test(o.time) || Number.isNaN(Date.parse(o.time))) return "time is not an ISO 8601 UTC time";
  if (typeof o.prevHash !== "string" || !HEX64.test(o.prevHash)) return "prevHash is not 64 hex digits";
  const entry = { ...o } as unknown as AuditEntry;
  try {
    validateEvent(entry);
  } catch (err) {
    return (err as Error).message;
  }
  return entry;
}

/** Parses stored bytes; they must be exactly the canonical encoding of a valid entry. */
export function decodeEntry(bytes: Buffer): AuditEntry | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    return "not valid JSON";
  }
  const entry = entryFromJson(parsed);
  if (typeof entry === "string") return entry;
  if (!encodeEntry(entry).equals(bytes)) return "not in canonical form";
  return entry;
}

/** SHA-256 of the entry bytes: what the next entry records as prevHash. */
export function entryHash(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
