import express, { Router } from "express";
import type { OfficerRegistry } from "../officers/index.js";

/** Officers: public details for every role; registration for admins (see auth/accessPolicy.ts). */
export function officersRouter(officers: OfficerRegistry): Router {
  const r = Router();
  r.get("/v1/officers", async (_req, res) => {
    const list = await officers.listPublic();
    res.json({ officers: list.sort((a, b) => a.id.localeCompare(b.id)) });
  });
  r.get("/v1/officers/:id", async (req, res) => {
    res.json(await officers.getPublic(req.params.id));
  });
  r.post("/v1/officers", express.json({ limit: "512kb" }), async (req, res) => {
    const created = await officers.create(req.body);
    res.status(201).location(`/v1/officers/${encodeURIComponent(created.id)}`).json(created);
  });
  return r;
}
