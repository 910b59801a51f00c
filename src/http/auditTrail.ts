import type { Request } from "express";
import type { AuditEntry, AuditEvent } from "../audit/index.js";
import type { AppServices } from "./app.js";

/** Who is acting: set by the auth middleware; "anonymous" until then. */
interface WithActor {
  actor?: { id: string };
}

/**
 * Records an action by the requester. Awaited by the routers: an action whose audit entry
 * cannot be written is reported as failed, never silently unaudited.
 */
export function recordAudit(req: Request, services: Pick<AppServices, "audit">, event: Omit<AuditEvent, "actor">): Promise<AuditEntry> {
  const actor = (req as Request & WithActor).actor?.id ?? "anonymous";
  return services.audit.append({ ...event, actor });
}
