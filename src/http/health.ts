import { Router } from "express";
import type { ObjectStore } from "../store/index.js";

export function healthRouter(store: ObjectStore): Router {
  const r = Router();
  r.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  r.get("/readyz", async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: "ready" });
    } catch (err) {
      res.status(503).type("application/problem+json").json({
        type: "about:blank",
        title: "Service Unavailable",
        status: 503,
        detail: `object store unreachable: ${(err as Error).message}`,
        code: "store.unavailable",
      });
    }
  });
  return r;
}
