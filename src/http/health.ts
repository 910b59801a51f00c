import { Router } from "express";
import type { AuditLog } from "../audit/index.js";
import { MoharError } from "../errors.js";
import type { ObjectStore } from "../store/index.js";
import { sendProblem } from "./problem.js";
import { route } from "./route.js";

/**
 * `databasePing`: one small statement through the service's database. An embedded database whose
 * log sync failed answers every statement with `database.not_durable` until the service is
 * restarted (db/pgliteDurability.ts): readiness says so, so that an operator and the load
 * balancer see it.
 */
export function healthRouter(store: ObjectStore, audit: Pick<AuditLog, "readiness">, draining: () => boolean, databasePing: () => Promise<void>): Router {
  const r = Router();
  route(r, "healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  route(r, "readyz", async (req, res) => {
    if (draining()) {
      sendProblem(res, "service.draining", "the service is shutting down; send new work to another instance");
      return;
    }
    const log = audit.readiness();
    if (!log.ready) {
      req.log?.error({ reason: log.reason }, "readiness check failed: the audit log cannot record");
      sendProblem(res, log.code, log.code === "audit.closed" ? "the audit log is closed; nothing can be recorded" : "the audit log found an entry no log instance wrote; nothing is recorded until an operator has looked");
      return;
    }
    try {
      await databasePing();
    } catch (err) {
      const notDurable = err instanceof MoharError && err.code === "database.not_durable";
      req.log?.error({ err }, notDurable ? "readiness check failed: the embedded database could not sync its log; restart the service" : "readiness check failed: database unreachable");
      if (notDurable) sendProblem(res, "database.not_durable", "the embedded database could not sync its log to disk; nothing is served until the service is restarted");
      else sendProblem(res, "database.unavailable", "the database is unreachable; retry later");
      return;
    }
    try {
      await store.ping();
      res.json({ status: "ready" });
    } catch (err) {
      // /readyz is public: the cause (hosts, paths) goes to the log, not to the caller.
      req.log?.warn({ err }, "readiness check failed: object store unreachable");
      sendProblem(res, "store.unavailable", "the object store is unreachable; retry later");
    }
  });
  return r;
}
