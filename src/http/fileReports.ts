import { Router, type Request } from "express";
import express from "express";
import { z } from "zod";
import { MoharError } from "../errors.js";
import type { ActivityRow, FileQueries, PendencyRow } from "../files/index.js";
import { issuePendencyStatement } from "../reports/index.js";
import type { Vault } from "../vault/index.js";
import { actorOf } from "./actor.js";
import { audited, recorderOf, type AuditSink } from "./auditTrail.js";
import { parseBody, storedSigningOf, type SignaturesServices } from "./signatures.js";
import type { EventSink } from "./webhookEvents.js";
import { DocumentVersions } from "../signatures/index.js";
import { sendCsv, toCsv, wantsCsv } from "./csv.js";
import { route } from "./route.js";

const PENDENCY_COLUMNS: (keyof PendencyRow)[] = ["office", "holderKind", "holderId", "pending", "overdue", "pendingOver7Days", "medianDaysHeld"];
const ACTIVITY_COLUMNS: (keyof ActivityRow)[] = ["office", "created", "received", "forwarded", "parked", "closed", "reopened", "signatures"];

/** A date (YYYY-MM-DD, read as the end of that day in IST) or an ISO instant. */
function instant(req: Request, name: "asOf" | "from" | "to", fallback: Date, endOfDay: boolean): Date {
  return parseInstant(req.query[name], name, fallback, endOfDay);
}

function parseInstant(raw: unknown, name: "asOf" | "from" | "to", fallback: Date, endOfDay: boolean): Date {
  if (raw === undefined || raw === "") return fallback;
  if (typeof raw === "string") {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(raw);
    const parsed = new Date(date ? `${raw}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}+05:30` : raw);
    if (!Number.isNaN(parsed.getTime()) && (date || /^\d{4}-\d{2}-\d{2}T/.test(raw))) return parsed;
  }
  throw new MoharError(`report.bad_${name}`, `${name} must be a date YYYY-MM-DD or an ISO 8601 time`);
}

function office(req: Request): string | undefined {
  const v = req.query.office;
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "string") throw new MoharError("report.bad_office", "office must be given once");
  return v;
}

/** The offices' reports: the weekly arrear (pendency) statement and activity counts, as JSON or CSV. */
export function fileReportsRouter(queries: FileQueries): Router {
  const r = Router();
  route(r, "pendencyReport", async (req, res) => {
    const asOf = instant(req, "asOf", new Date(), true);
    const rows = await queries.pendency(office(req), asOf);
    if (wantsCsv(req)) return sendCsv(res, `pendency-${asOf.toISOString().slice(0, 10)}.csv`, toCsv(PENDENCY_COLUMNS, rows));
    res.json({ asOf: asOf.toISOString(), office: office(req) ?? null, rows });
  });
  route(r, "activityReport", async (req, res) => {
    const to = instant(req, "to", new Date(), true);
    const from = instant(req, "from", new Date(to.getTime() - 7 * 86_400_000), false);
    if (from > to) throw new MoharError("report.bad_range", "from must not be after to");
    const rows = await queries.activity(office(req), from, to);
    if (wantsCsv(req)) return sendCsv(res, `activity-${from.toISOString().slice(0, 10)}.csv`, toCsv(ACTIVITY_COLUMNS, rows));
    res.json({ from: from.toISOString(), to: to.toISOString(), office: office(req) ?? null, rows });
  });
  return r;
}

const statementSchema = z
  .object({
    office: z.string().max(150).optional(),
    asOf: z.string().max(40).optional(),
    officerId: z.string().min(1).max(64).optional(),
    fileNumber: z.string().min(1).max(200).optional(),
  })
  .strict();

export interface StatementServices extends SignaturesServices, AuditSink, EventSink {
  fileQueries: FileQueries;
  vault: Vault;
  /** The office seal (STATEMENT_SEAL_OFFICER), for callers bound to no officer. */
  statementSealOfficer: string | null;
}

/**
 * The weekly statement as a signed PDF stored as a document (POST /v1/reports/pendency/statements).
 * Signed with the caller's own officer key, or the office seal's when the caller is bound to no officer.
 */
export function pendencyStatementRouter(s: StatementServices): Router {
  const r = Router();
  const signing = storedSigningOf(s);
  const documents = new DocumentVersions({ vault: s.vault, webhooks: s.webhooks });
  route(
    r,
    "issuePendencyStatement",
    express.json({ limit: "16kb" }),
    audited(s, "issuePendencyStatement", async (req, res, audit) => {
      const body = parseBody(statementSchema, req.body);
      const actor = actorOf(req);
      const signer = body.officerId ?? actor.officerId ?? s.statementSealOfficer;
      if (!signer) {
        throw new MoharError("report.no_signer", "you are bound to no officer and no office seal is configured (STATEMENT_SEAL_OFFICER): name the officer to sign with, or ask an admin to set the seal");
      }
      // Anyone who may read the statement may have it sealed; an officer's own key signs only for that officer.
      if (signer !== s.statementSealOfficer && actor.officerId !== signer) {
        const seal = s.statementSealOfficer ? ` or with the office seal (officer ${s.statementSealOfficer})` : "";
        throw new MoharError("auth.not_this_officer", `you may have the statement signed only with your own officer's key${seal}, not as officer ${signer}`);
      }
      const stored = await issuePendencyStatement(
        {
          queries: s.fileQueries,
          sign: (pdf, officerId, reason) => signing.signWithHeldKey(pdf, officerId, { reason }),
          store: ({ pdf, title, fileNumber, signature }) =>
            documents.create(recorderOf(req, audit), { pdf, title, fileNumber, kind: "other", createdBy: actor.id, signature }, `weekly statement of ${body.office ?? "all offices"}, signed as officer ${signer}`),
        },
        { office: body.office === "" ? undefined : body.office, asOf: parseInstant(body.asOf, "asOf", new Date(), true), requestedBy: actor.id, signerOfficerId: signer, fileNumber: body.fileNumber },
      );
      const { document, version } = stored;
      res.status(201).location(`/v1/documents/${document.id}/versions/${version.n}/content`).json({ ...document, id: document.id, version: version.n, ...version });
    }),
  );
  return r;
}
