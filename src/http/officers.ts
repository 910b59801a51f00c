import express, { Router } from "express";
import type { OfficerRegistry } from "../officers/index.js";
import { audited, type AuditSink } from "./auditTrail.js";
import { route } from "./route.js";

/** Officers: public details for every role; registration for admins (see auth/accessPolicy.ts), audited. */
export function officersRouter(officers: OfficerRegistry, sink: AuditSink): Router {
  const r = Router();
  route(r, "listOfficers", async (_req, res) => {
    const list = await officers.listPublic();
    res.json({ officers: list.sort((a, b) => a.id.localeCompare(b.id)) });
  });
  route(r, "getOfficer", async (req, res) => {
    res.json(await officers.getPublic(String(req.params.id)));
  });
  route(
    r,
    "registerOfficer",
    express.json({ limit: "512kb" }),
    audited(sink, "registerOfficer", async (req, res, audit) => {
      const created = await officers.create(req.body);
      await audit({ detail: `officer ${created.id}` });
      res.status(201).location(`/v1/officers/${encodeURIComponent(created.id)}`).json(created);
    }),
  );
  route(
    r,
    "setOfficerEsignIdentity",
    express.json({ limit: "16kb" }),
    audited(sink, "setOfficerEsignIdentity", async (req, res, audit) => {
      const officer = await officers.setEsignIdentity(String(req.params.id), req.body);
      await audit({ detail: `officer ${officer.id}: eSign identity ${officer.esign?.name ?? ""} (${officer.esign?.idAttribute ?? ""})` });
      res.status(201).location(`/v1/officers/${encodeURIComponent(officer.id)}`).json(officer);
    }),
  );
  return r;
}
