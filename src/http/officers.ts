import express, { Router } from "express";
import type { OfficerRegistry } from "../officers/index.js";
import { audited, type AuditSink } from "./auditTrail.js";

/** Officers: public details for every role; registration for admins (see auth/accessPolicy.ts), audited. */
export function officersRouter(officers: OfficerRegistry, sink: AuditSink): Router {
  const r = Router();
  r.get("/v1/officers", async (_req, res) => {
    const list = await officers.listPublic();
    res.json({ officers: list.sort((a, b) => a.id.localeCompare(b.id)) });
  });
  r.get("/v1/officers/:id", async (req, res) => {
    res.json(await officers.getPublic(req.params.id));
  });
  r.post(
    "/v1/officers",
    express.json({ limit: "512kb" }),
    audited(sink, "officer.register", async (req, res, audit) => {
      const created = await officers.create(req.body);
      await audit({ detail: `officer ${created.id}` });
      res.status(201).location(`/v1/officers/${encodeURIComponent(created.id)}`).json(created);
    }),
  );
  return r;
}
