import { MoharError, type ErrorCode } from "../errors.js";
import { DOCUMENT_KINDS, VERSION_ACTIONS, type DocumentKind, type VersionAction } from "./records.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The text fields of documents and versions, each with its own codes (vault.title_required, ...). */
type TextField = "title" | "fileNumber" | "createdBy" | "uploader";

function bad(code: ErrorCode, message: string): MoharError {
  return new MoharError(code, message);
}

/** A required single-line text field: trimmed, non-empty, bounded, no control characters. */
export function requiredText(name: TextField, value: unknown, maxLength: number): string {
  if (typeof value !== "string" || value.trim() === "") throw bad(`vault.${name}_required`, `${name} is required`);
  const v = value.trim();
  if (v.length > maxLength) throw bad(`vault.${name}_too_long`, `${name} must be at most ${maxLength} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) throw bad(`vault.${name}_invalid`, `${name} must not contain control characters`);
  return v;
}

export function documentKind(value: unknown): DocumentKind {
  if (typeof value === "string" && (DOCUMENT_KINDS as readonly string[]).includes(value)) return value as DocumentKind;
  throw bad("vault.bad_kind", `kind must be one of ${DOCUMENT_KINDS.join(", ")}; got ${JSON.stringify(value ?? null)}`);
}

export function versionAction(value: unknown): VersionAction {
  if (typeof value === "string" && (VERSION_ACTIONS as readonly string[]).includes(value)) return value as VersionAction;
  throw bad("vault.bad_action", `action must be one of ${VERSION_ACTIONS.join(", ")}`);
}

/** Ids are made by the vault; anything else cannot name a document. */
export function isDocumentId(value: string): boolean {
  return UUID.test(value);
}

export function isVersionNumber(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1;
}
