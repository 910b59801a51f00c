import type { ErrorRequestHandler, Response } from "express";
import { MulterError } from "multer";
import { isMoharError, type ErrorKind } from "../errors.js";

const statusOf: Record<ErrorKind, number> = {
  bad_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

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
  422: "Unprocessable Content",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export interface Problem {
  status: number;
  detail: string;
  code: string;
}

export const titleOf = (status: number): string => titles[status] ?? "Error";

/** The RFC 9457 body of a problem. */
export function problemBody(p: Problem): { type: string; title: string; status: number; detail: string; code: string } {
  return { type: "about:blank", title: titleOf(p.status), status: p.status, detail: p.detail, code: p.code };
}

/** RFC 9457 problem details; `code` is mohar's stable machine-readable reason. */
export function sendProblem(res: Response, p: Problem): void {
  // RFC 9110: a 401 names the scheme the client should use.
  if (p.status === 401) res.setHeader("WWW-Authenticate", 'Bearer realm="mohar"');
  res.status(p.status).type("application/problem+json").json(problemBody(p));
}

/** Maps any thrown value to a problem; unknown errors become a 500 without internals. */
export function toProblem(err: unknown): Problem {
  if (isMoharError(err)) {
    // The store's own message names hosts and keys; callers only need to know to retry (it is logged).
    if (err.code === "store.unavailable") return { status: 503, detail: "the object store is unavailable; try again later", code: err.code };
    return { status: statusOf[err.kind], detail: err.message, code: err.code };
  }
  if (err instanceof MulterError) {
    return { status: 400, detail: `bad multipart upload: ${err.message}`, code: `upload.${err.code.toLowerCase()}` };
  }
  // The router fails to decode a path parameter such as %ZZ with a URIError.
  if (err instanceof URIError) {
    return { status: 400, detail: "the request path holds a malformed percent-encoding", code: "request.bad_path_encoding" };
  }
  if (typeof err === "object" && err !== null) {
    const e = err as { status?: unknown; type?: unknown; expose?: unknown; message?: unknown };
    // body-parser and friends mark client errors with a 4xx status and expose=true.
    if (typeof e.status === "number" && e.status >= 400 && e.status < 500 && e.expose === true) {
      return { status: e.status, detail: String(e.message), code: `request.${String(e.type ?? "invalid")}` };
    }
  }
  return { status: 500, detail: "an internal error occurred; it has been logged", code: "internal" };
}

export const problemHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const problem = toProblem(err);
  if (problem.status >= 500) req.log?.error({ err }, "request failed");
  sendProblem(res, problem);
};
