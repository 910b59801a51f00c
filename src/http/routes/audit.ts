import { AUDIT, AUDIT_READ_ERRORS, idParam, json, query, type RouteSpec, schema } from "./common.js";

/** The audit log: checkpoint, entries, proofs, export, a document's timeline. */
export const AUDIT_ROUTES = {
  getCheckpoint: {
    method: "get",
    path: "/v1/audit/checkpoint",
    access: AUDIT,
    summary: "Latest signed checkpoint of the audit log (C2SP signed note; with a witness quorum, the newest one the quorum cosigned, with their cosignature lines; JSON with ?format=json)",
    parameters: [query("format", "string")],
    responses: {
      "200": {
        description: "checkpoint",
        content: { "text/plain": { schema: { type: "string" } }, "application/json": { schema: schema("Checkpoint") } },
      },
    },
    errors: ["audit.not_cosigned"],
  },
  listAuditEntries: {
    method: "get",
    path: "/v1/audit/entries",
    access: AUDIT,
    summary: "Audit entries by range [from, to) (at most 1000) or by documentId",
    parameters: [query("from"), query("to"), query("documentId", "string")],
    responses: { "200": json("entries", "AuditEntries") },
    errors: AUDIT_READ_ERRORS,
  },
  getInclusionProof: {
    method: "get",
    path: "/v1/audit/proofs/inclusion",
    access: AUDIT,
    summary: "RFC 9162 inclusion proof",
    parameters: [query("seq", "integer", true), query("treeSize")],
    responses: { "200": json("proof", "InclusionProof") },
    errors: AUDIT_READ_ERRORS,
  },
  getConsistencyProof: {
    method: "get",
    path: "/v1/audit/proofs/consistency",
    access: AUDIT,
    summary: "RFC 9162 consistency proof",
    parameters: [query("from", "integer", true), query("to")],
    responses: { "200": json("proof", "ConsistencyProof") },
    errors: AUDIT_READ_ERRORS,
  },
  exportAudit: {
    method: "get",
    path: "/v1/audit/export",
    access: AUDIT,
    summary: "Entries, checkpoints and the log key for offline audit (mohar audit verify)",
    responses: { "200": { description: "export (streamed JSON)", content: { "application/json": { schema: { type: "object" } } } } },
    errors: [],
  },
  getTimeline: {
    method: "get",
    path: "/v1/documents/:id/timeline",
    access: AUDIT,
    summary: "Who acted on the document, when, and how long each step took",
    parameters: [idParam, query("from")],
    responses: { "200": json("timeline", "Timeline") },
    errors: AUDIT_READ_ERRORS,
  },
} satisfies Record<string, RouteSpec>;
