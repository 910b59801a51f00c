import type { Request, RequestHandler, Response } from "express";
import { DOCUMENT_ID, type AuditEntry, type AuditEvent } from "../audit/index.js";
import { isMoharError } from "../errors.js";
import "./actor.js";
import type { AppServices } from "./app.js";

/** What a router needs to record: the audit log from AppServices. */
export type AuditSink = Pick<AppServices, "audit">;

/** What a route knows about a successful action; actor, action and outcome are filled in. */
export type AuditFacts = Omit<AuditEvent, "actor" | "action" | "outcome">;

/**
 * Records an action by the requester. Awaited by the routers: an action whose audit entry
 * cannot be written is reported as failed, never silently unaudited.
 */
export function recordAudit(req: Request, services: AuditSink, event: Omit<AuditEvent, "actor">): Promise<AuditEntry> {
  return services.audit.append({ ...event, actor: req.actor?.id ?? "anonymous" });
}

const MAX_DETAIL = 500;

function failureDetail(err: unknown): string {
  const text = isMoharError(err) ? `${err.code}: ${err.message}` : "internal error";
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/**
 * Wraps a route so that every attempt leaves an entry: the handler calls `audit(facts)`
 * once the action has succeeded (before it responds); if it throws before that, a
 * "failure" entry with the error code is recorded and the error goes on to problem.ts.
 */
export function audited(
  services: AuditSink,
  action: string,
  handler: (req: Request, res: Response, audit: (facts: AuditFacts) => Promise<AuditEntry>) => Promise<void>,
): RequestHandler {
  return async (req, res) => {
    let recorded = false;
    const audit = async (facts: AuditFacts): Promise<AuditEntry> => {
      const entry = await recordAudit(req, services, { ...facts, action, outcome: "success" });
      recorded = true;
      return entry;
    };
    try {
      await handler(req, res, audit);
    } catch (err) {
      if (!recorded) {
        const id = typeof req.params.id === "string" ? req.params.id : undefined;
        const documentId = id !== undefined && DOCUMENT_ID.test(id) ? id : undefined;
        try {
          await recordAudit(req, services, { action, outcome: "failure", documentId, detail: failureDetail(err) });
        } catch (auditErr) {
          req.log?.error({ err: auditErr }, "could not record a failed attempt in the audit log");
        }
      }
      throw err;
    }
  };
}
