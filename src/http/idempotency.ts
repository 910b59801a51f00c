import { createHash } from "node:crypto";
import type { Express, Request, RequestHandler, Response } from "express";
import { MoharError } from "../errors.js";
import "./actor.js";
import type { IdempotencyRecords, StoredResponse } from "./idempotencyRecords.js";
import type { RouteId } from "./routeTable.js";

const RECORDS = "moharIdempotencyRecords";

/** Gives the app the records its routes keep idempotent answers in (createApp does, once). */
export function useIdempotencyRecords(app: Express, records: IdempotencyRecords): void {
  app.locals[RECORDS] = records;
}

function idempotencyRecordsOf(req: Request): IdempotencyRecords {
  const records = req.app.locals[RECORDS] as IdempotencyRecords | undefined;
  if (!records) throw new Error("the app has no idempotency records (useIdempotencyRecords)");
  return records;
}

const KEY = /^[\x21-\x7e]{1,255}$/;
/** Headers a retry must see again: where the result is, and what it is. */
const KEPT_HEADERS = ["location", "etag", "content-type"];

/** What makes two requests "the same": the route, its path parameters, the body and the uploaded file. */
function fingerprint(id: RouteId, req: Request): string {
  const file = req.file ? { name: req.file.originalname, sha256: createHash("sha256").update(req.file.buffer).digest("hex") } : null;
  return createHash("sha256").update(JSON.stringify([id, req.params, req.body ?? null, file])).digest("hex");
}

function kept(res: Response): Record<string, string> {
  return Object.fromEntries(KEPT_HEADERS.flatMap((h) => (res.getHeader(h) === undefined ? [] : [[h, String(res.getHeader(h))]])));
}

/**
 * Idempotency-Key for a POST route, run after its body is parsed: the first request with a key
 * does the work and its answer (status, body, Location/ETag) is kept 24 h; a retry with the same
 * key and body gets that answer again without the work (`Idempotent-Replayed: true`); the same key
 * with another body is 422, and while the first is still running 409 with Retry-After. A 5xx
 * answer is not kept, so a retry after a server fault does the work.
 */
export function idempotencyStep(id: RouteId): RequestHandler {
  return async (req, res, next) => {
    const key = req.headers["idempotency-key"];
    if (key === undefined || !req.actor) {
      next();
      return;
    }
    const store = idempotencyRecordsOf(req);
    if (typeof key !== "string" || !KEY.test(key)) {
      throw new MoharError("request.bad_idempotency_key", "Idempotency-Key must be 1 to 255 printable ASCII characters");
    }
    const actor = req.actor.id;
    const outcome = await store.claim(actor, key, fingerprint(id, req));
    if (outcome.kind === "replay") {
      const { status, headers, body } = outcome.response;
      res.status(status).set(headers).set("Idempotent-Replayed", "true").json(body);
      return;
    }
    if (outcome.kind === "mismatch") {
      throw new MoharError("idempotency.key_reused", `Idempotency-Key ${JSON.stringify(key)} was used for a different request; use a new key for a new request`);
    }
    if (outcome.kind === "in_progress") {
      res.set("Retry-After", "1");
      throw new MoharError("idempotency.in_progress", `a request with Idempotency-Key ${JSON.stringify(key)} is still being processed; retry shortly`);
    }
    const send = res.json.bind(res);
    // The answer is kept before it is sent, so a client that sees it can rely on a retry seeing it too.
    res.json = (body: unknown): Response => {
      const response: StoredResponse = { status: res.statusCode, headers: kept(res), body };
      const keep = res.statusCode >= 500 ? store.forget(actor, key) : store.complete(actor, key, response);
      keep.then(
        () => send(body),
        (err: unknown) => {
          req.log?.error({ err }, "could not keep the answer of an idempotent request");
          send(body);
        },
      );
      return res;
    };
    next();
  };
}
