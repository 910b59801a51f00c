/**
 * Typed errors for the core. Each names what went wrong in words a caller can act on;
 * http/ maps the kind to a status code once, in problem.ts.
 */
export type ErrorKind =
  | "bad_input" // 400: the request itself is malformed
  | "unauthenticated" // 401
  | "forbidden" // 403
  | "not_found" // 404
  | "conflict" // 409
  | "gone" // 410: e.g. an expired signing session
  | "precondition_failed" // 412: If-Match or expectedVersion names a version that is no longer the latest
  | "too_large" // 413
  | "unsupported_media" // 415
  | "unprocessable" // 422: well-formed but unusable (encrypted PDF, expired certificate, ...)
  | "rate_limited" // 429
  | "unavailable"; // 503: a dependency (the object store, a TSA) is down

export class MoharError extends Error {
  readonly kind: ErrorKind;
  /** Short, stable machine-readable code, e.g. "pdf.encrypted". */
  readonly code: string;

  constructor(kind: ErrorKind, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MoharError";
    this.kind = kind;
    this.code = code;
  }
}

export function isMoharError(e: unknown): e is MoharError {
  return e instanceof MoharError;
}
