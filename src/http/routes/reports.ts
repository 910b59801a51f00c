import { csvOrJson, FILE_WORK, json, jsonBody, path, query, READ, REPORT_ERRORS, REPORTS, type RouteSpec } from "./common.js";

/** Pending lists and the offices' reports. */
export const REPORT_ROUTES = {
  myPending: {
    method: "get",
    path: "/v1/officers/me/pending",
    access: FILE_WORK,
    summary: "What is with the caller, oldest first, with days held and overdue flags",
    responses: { "200": json("pending", "Pending") },
    errors: ["database.unavailable"],
  },
  officerPending: {
    method: "get",
    path: "/v1/officers/:id/pending",
    access: READ,
    summary: "What is with an officer, oldest first, with days held and overdue flags",
    parameters: [path("id")],
    responses: { "200": json("pending", "Pending") },
    errors: ["database.unavailable"],
  },
  pendencyReport: {
    method: "get",
    path: "/v1/reports/pendency",
    access: REPORTS,
    summary: "Weekly arrear statement per office and holder: pending, overdue, pending > 7 days, median days held (JSON, or CSV with Accept: text/csv or ?format=csv)",
    parameters: [query("office", "string"), query("asOf", "string"), query("format", "string")],
    responses: { "200": csvOrJson("statement", "PendencyReport") },
    errors: REPORT_ERRORS,
  },
  issuePendencyStatement: {
    method: "post",
    path: "/v1/reports/pendency/statements",
    access: REPORTS,
    audit: "report.statement",
    summary: "The weekly arrear statement as a PDF in Hindi and English, signed (the caller's officer key, or the office seal) and stored as a document to be filed",
    description:
      "Signed with the key of officerId (the caller's own officer), else the caller's bound officer, else the office seal (STATEMENT_SEAL_OFFICER). The statement is a new document (kind other) under fileNumber, by default PENDENCY/<office>/<date>.",
    requestBody: jsonBody({ office: { type: "string" }, asOf: { type: "string" }, officerId: { type: "string" }, fileNumber: { type: "string" } }),
    responses: { "201": json("the signed statement, stored (Location: its content)", "Statement") },
    errors: [...REPORT_ERRORS, "request.invalid", "request.entity.parse.failed", "report.no_signer", "auth.not_this_officer", "officer.not_found", "key.missing", "key.bad_password", "key.bad_file", "key.mismatch", "key.unavailable", "key.token_unavailable", "cert.expired", "cert.not_yet_valid", "cert.revoked", "tsa.unavailable", "vault.fileNumber_too_long", "vault.fileNumber_invalid"],
  },
  activityReport: {
    method: "get",
    path: "/v1/reports/activity",
    access: REPORTS,
    summary: "Files created, received, forwarded, parked, closed and reopened, and signatures made (on the documents of the office's files), per office in [from, to] (JSON or CSV)",
    parameters: [query("office", "string"), query("from", "string"), query("to", "string"), query("format", "string")],
    responses: { "200": csvOrJson("counts", "ActivityReport") },
    errors: REPORT_ERRORS,
  },
} satisfies Record<string, RouteSpec>;
