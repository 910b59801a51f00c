import { Router, type Request } from "express";
import { MoharError } from "../errors.js";
import type { ActivityRow, FileQueries, PendencyRow } from "../files/index.js";
import { sendCsv, toCsv, wantsCsv } from "./csv.js";
import { route } from "./route.js";

const PENDENCY_COLUMNS: (keyof PendencyRow)[] = ["office", "holderKind", "holderId", "pending", "overdue", "pendingOver7Days", "medianDaysHeld"];
const ACTIVITY_COLUMNS: (keyof ActivityRow)[] = ["office", "created", "received", "forwarded", "parked", "closed", "reopened"];

/** A date (YYYY-MM-DD, read as the end of that day in IST) or an ISO instant. */
function instant(req: Request, name: "asOf" | "from" | "to", fallback: Date, endOfDay: boolean): Date {
  const raw = req.query[name];
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
    // Signatures are counted by the audit log per document, not per office; not in this report yet.
    res.json({ from: from.toISOString(), to: to.toISOString(), office: office(req) ?? null, rows });
  });
  return r;
}
