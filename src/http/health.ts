import { Router } from "express";
import type { ObjectStore } from "../store/index.js";
import { sendProblem } from "./problem.js";
import { route } from "./route.js";

export function healthRouter(store: ObjectStore, draining: () => boolean): Router {
  const r = Router();
  route(r, "healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  route(r, "readyz", async (req, res) => {
    if (draining()) {
      sendProblem(res, "service.draining", "the service is shutting down; send new work to another instance");
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
