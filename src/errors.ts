import { statusOfCode, type ErrorCode } from "./errorCodes.js";

export { ERROR_CODES, isErrorCode, statusOfCode, type ErrorCode } from "./errorCodes.js";

/** The class of an error, named after its HTTP status. */
export type ErrorKind =
  | "bad_input" // 400: the request itself is malformed
  | "unauthenticated" // 401
  | "forbidden" // 403
  | "not_found" // 404
  | "timeout" // 408
  | "conflict" // 409
  | "gone" // 410: e.g. an expired signing session
  | "precondition_failed" // 412: If-Match or expectedVersion names a version that is no longer the latest
  | "too_large" // 413
  | "unsupported_media" // 415
  | "range_not_satisfiable" // 416
  | "unprocessable" // 422: well-formed but unusable (encrypted PDF, expired certificate, ...)
  | "rate_limited" // 429
  | "headers_too_large" // 431
  | "internal" // 500
  | "unavailable" // 503: a dependency (the object store, a TSA) is down
  | "insufficient_storage"; // 507: the disk under the store is full

const KIND_OF_STATUS: Record<number, ErrorKind> = {
  400: "bad_input",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  408: "timeout",
  409: "conflict",
  410: "gone",
  412: "precondition_failed",
  413: "too_large",
  415: "unsupported_media",
  416: "range_not_satisfiable",
  422: "unprocessable",
  429: "rate_limited",
  431: "headers_too_large",
  500: "internal",
  503: "unavailable",
  507: "insufficient_storage",
};

/**
 * Typed errors for the core. Each names what went wrong in words a caller can act on; its code
 * comes from the one catalogue (errorCodes.ts), which gives it its one HTTP status.
 */
export class MoharError extends Error {
  /** Short, stable machine-readable code, e.g. "pdf.encrypted". */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MoharError";
    this.code = code;
  }

  /** The HTTP status the catalogue gives this code. */
  get status(): number {
    return statusOfCode(this.code);
  }

  get kind(): ErrorKind {
    return KIND_OF_STATUS[this.status] ?? "internal";
  }
}

export function isMoharError(e: unknown): e is MoharError {
  return e instanceof MoharError;
}
