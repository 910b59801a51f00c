import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { DOCUMENT_ID, type AuditEntry, type AuditEvent } from "../audit/index.js";
import type { VerificationRecorder, VersionRecorder } from "../signatures/index.js";
import "./actor.js";
import type { AppServices } from "./app.js";
import { matchedRoute } from "./auth/index.js";
import { toProblem } from "./problem.js";
import { auditActionOf } from "./route.js";
import type { RouteId } from "./routeTable.js";

/** What a router needs to record: the audit log and the metrics from AppServices. */
export type AuditSink = Pick<AppServices, "audit" | "metrics">;

/** What a route knows about a successful action; actor, action and outcome are filled in. */
export type AuditFacts = Omit<AuditEvent, "actor" | "action" | "outcome">;

/**
 * Records an action by the requester. Awaited by the routers: an action whose audit entry
 * cannot be written is reported as failed, never silently unaudited.
 */
export async function recordAudit(req: Request, services: AuditSink, event: Omit<AuditEvent, "actor"> & { actor?: string }): Promise<AuditEntry> {
  const requestId = typeof req.id === "string" ? req.id : undefined;
  const started = performance.now();
  // A route without a credential (the eSign callback) names the actor it acts for itself.
  const entry = await services.audit.append({ ...event, actor: event.actor ?? req.actor?.id ?? "anonymous", ...(requestId ? { requestId } : {}) });
  services.metrics.auditAppend((performance.now() - started) / 1000);
  services.metrics.action(event.action, event.outcome);
  return entry;
}

const MAX_DETAIL = 500;

function failureDetail(err: unknown): string {
  // As the caller was told: the problem's code and detail (an internal error's message stays out).
  const problem = toProblem(err);
  const text = `${problem.code}: ${problem.detail}`;
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/** What a route tells the audit trail as it goes. */
export interface AuditRecorder {
  /** Records the action's success; call once, before responding. */
  (facts: AuditFacts): Promise<AuditEntry>;
  /** Facts learnt before the action can fail (the document a signing session is for), kept for a failure entry. */
  about(facts: Pick<AuditFacts, "documentId" | "version">): void;
}

const recordedFor = new WeakSet<Request>();

/** The route's audit trail and the request's log, as a use case records its entry (`signatures/` `VersionRecorder`, `VerificationRecorder`). */
export function recorderOf(req: Request, audit: AuditRecorder): VersionRecorder & VerificationRecorder {
  return { audit: (facts: AuditFacts) => audit(facts), log: req.log };
}

/** A path's document id, when it can name a document in the log (a failed attempt may carry any text there). */
function auditableDocumentId(id: unknown): string | undefined {
  return typeof id === "string" && DOCUMENT_ID.test(id) ? id : undefined;
}

async function recordFailure(req: Request, services: AuditSink, action: string, err: unknown, facts: Pick<AuditFacts, "documentId" | "version">): Promise<void> {
  recordedFor.add(req);
  try {
    await recordAudit(req, services, { action, outcome: "failure", ...facts, detail: failureDetail(err) });
  } catch (auditErr) {
    req.log?.error({ err: auditErr }, "could not record a failed attempt in the audit log");
  }
}

/**
 * Wraps a route so that every attempt leaves an entry: the handler calls `audit(facts)`
 * once the action has succeeded (before it responds); if it throws before that, a
 * "failure" entry with the error code is recorded and the error goes on to problem.ts.
 */
export function audited(services: AuditSink, id: RouteId, handler: (req: Request, res: Response, audit: AuditRecorder) => Promise<void>): RequestHandler {
  const action = auditActionOf(id);
  return async (req, res) => {
    let known: Pick<AuditFacts, "documentId" | "version"> = { documentId: auditableDocumentId(req.params.id) };
    const audit = Object.assign(
      async (facts: AuditFacts): Promise<AuditEntry> => {
        const entry = await recordAudit(req, services, { ...facts, action, outcome: "success" });
        recordedFor.add(req);
        return entry;
      },
      { about: (facts: Pick<AuditFacts, "documentId" | "version">) => void (known = { ...known, ...facts }) },
    );
    try {
      await handler(req, res, audit);
    } catch (err) {
      if (!recordedFor.has(req)) await recordFailure(req, services, action, err, known);
      throw err;
    }
  };
}

/**
 * Error middleware for what is refused before an audited route runs: the wrong role for an
 * action, or a body that cannot be read. An authenticated caller's refused attempt at an action
 * the access policy names (`auditAction`) still leaves a failure entry. Unauthenticated and
 * rate-limited requests are not recorded: anyone could fill the log with them.
 */
export function auditRefusals(services: AuditSink): ErrorRequestHandler {
  return async (err, req, res, next) => {
    const route = matchedRoute(res);
    const action = route?.access.auditAction;
    if (route && action && req.actor && !recordedFor.has(req) && !res.headersSent) {
      await recordFailure(req, services, action, err, { documentId: auditableDocumentId(route.params.id) });
    }
    next(err);
  };
}
