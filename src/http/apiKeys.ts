import express, { Router } from "express";
import { publicRecord, type ApiKeyStore, type NewApiKey } from "../auth/index.js";
import { MoharError } from "../errors.js";
import type { OfficerRegistry } from "../officers/index.js";
import { audited, type AuditSink } from "./auditTrail.js";
import { route } from "./route.js";

/**
 * API keys for administrators (the console's Admin page; the CLI's `mohar keys` does the same
 * on the store directly): list without secrets, create (the key is answered once), revoke.
 */
export function apiKeysRouter(keys: ApiKeyStore, officers: OfficerRegistry, sink: AuditSink): Router {
  const r = Router();
  route(r, "listApiKeys", async (_req, res) => {
    const list = await keys.list();
    res.json({ keys: list.map((k) => ({ ...publicRecord(k), revoked: k.revoked })).sort((a, b) => a.createdAt.localeCompare(b.createdAt)) });
  });
  route(
    r,
    "createApiKey",
    express.json({ limit: "16kb" }),
    audited(sink, "createApiKey", async (req, res, audit) => {
      const body = (req.body ?? {}) as Partial<NewApiKey>;
      // An officer key signs for a registered officer: a typo would give a key that can never sign.
      if (typeof body.officerId === "string" && body.officerId.trim()) await officers.getPublic(body.officerId.trim());
      const { key, record } = await keys.create(body as NewApiKey);
      await audit({ detail: `API key ${record.keyId} (${record.role}, ${record.name})` });
      res.status(201).json({ key, record: { ...publicRecord(record), revoked: false } });
    }),
  );
  route(
    r,
    "revokeApiKey",
    audited(sink, "revokeApiKey", async (req, res, audit) => {
      const keyId = String(req.params.keyId);
      await keys.revoke(keyId);
      const described = await keys.describe(keyId);
      if (!described) throw new MoharError("auth.key_not_found", `no API key ${keyId}`);
      await audit({ detail: `API key ${keyId}` });
      res.json(described);
    }),
  );
  return r;
}
