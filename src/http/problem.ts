import type { ErrorRequestHandler, Response } from "express";
import { MulterError } from "multer";
import { isErrorCode, isMoharError, statusOfCode, type ErrorCode } from "../errors.js";

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
  507: "Insufficient Storage",
};

export interface Problem {
  /** Always the catalogue's status for `code` (see problemOf). */
  status: number;
  detail: string;
  code: ErrorCode;
}

/** A problem with `code`'s one status. */
export function problemOf(code: ErrorCode, detail: string): Problem {
  return { status: statusOfCode(code), detail, code };
}

export const titleOf = (status: number): string => titles[status] ?? "Error";

/** The RFC 9457 body of a problem. */
export function problemBody(p: Problem, requestId?: string): { type: string; title: string; status: number; detail: string; code: string; requestId?: string } {
  return { type: "about:blank", title: titleOf(p.status), status: p.status, detail: p.detail, code: p.code, ...(requestId ? { requestId } : {}) };
}

/** RFC 9457 problem details; `code` is mohar's stable machine-readable reason. */
export function sendProblem(res: Response, code: ErrorCode, detail: string): void {
  const p = problemOf(code, detail);
  // RFC 9110: a 401 names the scheme the client should use.
  if (p.status === 401) res.setHeader("WWW-Authenticate", 'Bearer realm="mohar"');
  const id = (res.req as { id?: unknown } | undefined)?.id;
  res.status(p.status).type("application/problem+json").json(problemBody(p, typeof id === "string" ? id : undefined));
}

/** Maps any thrown value to a problem; unknown errors become a 500 without internals. */
export function toProblem(err: unknown): Problem {
  if (isMoharError(err)) {
    // The store's own message names hosts and keys; callers only need to know to retry (it is logged).
    if (err.code === "store.unavailable") return problemOf(err.code, "the object store is unavailable; try again later");
    return problemOf(err.code, err.message);
  }
  if (err instanceof MulterError) {
    return problemOf("upload.malformed", `bad multipart upload: ${err.message} (${err.code})`);
  }
  // The router fails to decode a path parameter such as %ZZ with a URIError.
  if (err instanceof URIError) {
    return problemOf("request.bad_path_encoding", "the request path holds a malformed percent-encoding");
  }
  if (typeof err === "object" && err !== null) {
    const e = err as { status?: unknown; type?: unknown; expose?: unknown; message?: unknown };
    // body-parser and friends mark client errors with a 4xx status and expose=true.
    if (typeof e.status === "number" && e.status >= 400 && e.status < 500 && e.expose === true) {
      const code = `request.${String(e.type ?? "invalid")}`;
      return isErrorCode(code) ? problemOf(code, String(e.message)) : problemOf("request.invalid", String(e.message));
    }
  }
  return problemOf("internal", "an internal error occurred; it has been logged");
}

export const problemHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const problem = toProblem(err);
  if (problem.status >= 500) req.log?.error({ err }, "request failed");
  sendProblem(res, problem.code, problem.detail);
};
