import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Options } from "pino-http";
import { REQUEST_ID } from "../audit/index.js";
import type { Actor } from "../auth/index.js";
import { looksLikeCredentialParam } from "./auth/index.js";

const CENSOR = "[Redacted]";
const SECRET_HEADERS = ["authorization", "x-api-key", "cookie", "proxy-authorization"];

/**
 * Fields never written to the log, wherever they appear. Plain `key` is not among them: the
 * object store logs its object keys (paths, not secrets) under that name.
 */
export const REDACT_PATHS = [
  ...SECRET_HEADERS.map((h) => `req.headers["${h}"]`),
  'res.headers["set-cookie"]',
  ...["password", "passphrase", "pin", "secret", "secretKey", "privateKey", "apiKey", "token", "credential"].flatMap((f) => [f, `*.${f}`]),
];

interface SerializedReq {
  url?: string;
  query?: unknown;
  headers?: Record<string, unknown>;
  [k: string]: unknown;
}

/**
 * Errors are logged by type, message and code only: stack traces name code paths and stay out
 * of the log (the message says what failed; the request id ties it to the request).
 */
export function safeError(err: unknown): { type: string; message: string; code?: string } {
  if (typeof err !== "object" || err === null) return { type: typeof err, message: String(err) };
  // An Error, or (through pino-http's wrapper) an error pino has already serialized.
  const e = err as { name?: unknown; type?: unknown; message?: unknown; code?: unknown };
  const type = err instanceof Error ? err.name : typeof e.type === "string" ? e.type : "Object";
  return { type, message: String(e.message), ...(typeof e.code === "string" ? { code: e.code } : {}) };
}

/** The URL with every credential-looking query value replaced, for logging only. */
export function scrubUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const [name, value] of [...params]) if (looksLikeCredentialParam(name, value)) params.set(name, CENSOR);
  return `${url.slice(0, q)}?${params.toString()}`;
}

/**
 * Request serializer that keeps credentials out of the log even when the logger itself has no
 * redaction configured: secret headers and credential-looking query parameters are censored.
 */
function safeRequest(req: SerializedReq): SerializedReq {
  const headers = { ...(req.headers ?? {}) };
  for (const h of SECRET_HEADERS) if (h in headers) headers[h] = CENSOR;
  const query: Record<string, unknown> = {};
  if (req.query && typeof req.query === "object") {
    for (const [name, value] of Object.entries(req.query as Record<string, unknown>)) {
      const values: unknown[] = Array.isArray(value) ? value : [value];
      query[name] = values.some((v) => looksLikeCredentialParam(name, v)) ? CENSOR : value;
    }
  }
  return { ...req, url: typeof req.url === "string" ? scrubUrl(req.url) : req.url, query, headers };
}

export function requestLoggerOptions(logger: Logger): Options<IncomingMessage, ServerResponse> {
  return {
    logger,
    // A caller's X-Request-Id (a gateway's, a frontend's) is kept when it is a plain token, so one id
    // follows the request through every system; otherwise mohar makes one.
    genReqId: (req, res) => {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    serializers: { req: safeRequest, err: safeError },
    // Who acted, on the completion line of every authenticated request.
    customProps: (req) => {
      const actor = (req as IncomingMessage & { actor?: Actor }).actor;
      return actor ? { actor: actor.id } : {};
    },
  };
}
