import type { Role } from "../../auth/index.js";
import type { ErrorCode } from "../../errors.js";
import type { Json } from "../apiSchemas.js";

/**
 * One HTTP route, declared once: the routers mount their handlers by its id, the access policy
 * and the audit trail take their rules from it, and the OpenAPI document is made from it.
 */
export interface RouteSpec {
  method: "get" | "post" | "delete";
  /** Express path pattern. */
  path: string;
  /** The roles that may call it; "public" routes need no credential. */
  access: readonly Role[] | "public";
  /** The audit action every call (and every refused attempt) records, for state-changing and audited reads. */
  audit?: string;
  summary: string;
  description?: string;
  parameters?: Json[];
  requestBody?: Json;
  /** The success answers: status -> OpenAPI response. */
  responses: Record<string, Json>;
  /** The error codes this route answers with besides the ones every route of its kind can (credentials, rate limit, ...). */
  errors: readonly ErrorCode[];
}

// The roles, schemas, parameters and error lists that routes of several areas share.
export const READ: Role[] = ["clerk", "officer", "auditor", "admin"];
export const UPLOAD: Role[] = ["clerk", "admin"];
// Signing routes also check that the caller is bound to the officer named in the request.
export const SIGN: Role[] = ["officer", "admin"];
export const AUDIT: Role[] = ["auditor", "admin"];
export const ADMIN: Role[] = ["admin"];
export const SCRAPE: Role[] = ["admin", "metrics"];
// Clerks open and send files, officers send them on; the service checks that the caller holds the file.
export const FILE_WORK: Role[] = ["clerk", "officer", "admin"];
export const REPORTS: Role[] = ["officer", "auditor", "admin"];

export const schema = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
export const json = (description: string, name: string): Json => ({ description, content: { "application/json": { schema: schema(name) } } });
export const jsonBody = (properties: Record<string, Json>, required: string[] = [], description?: string): Json => ({
  required: true,
  content: { "application/json": { schema: { type: "object", required, properties, additionalProperties: false, ...(description ? { description } : {}) } } },
});
export const pdfUpload = (fields: Record<string, Json> = {}): Json => ({
  required: true,
  content: { "multipart/form-data": { schema: { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary" }, ...fields } } } },
});
export const path = (name: string, s: Json = { type: "string" }): Json => ({ name, in: "path", required: true, schema: s });
export const query = (name: string, type = "integer", required = false): Json => ({ name, in: "query", required, schema: { type } });
export const idParam = path("id", { type: "string", format: "uuid" });
export const nParam = path("n", { type: "integer", minimum: 1 });
export const ifMatch: Json = {
  name: "If-Match",
  in: "header",
  required: false,
  description: "The ETag (sha256) of the version the request acts on; 412 and nothing stored when it is no longer the latest",
  schema: { type: "string" },
};
export const text = { type: "string", minLength: 1, maxLength: 200 };
export const str: Json = { type: "string" };
export const signingOptions: Record<string, Json> = {
  officerId: { type: "string", minLength: 1, maxLength: 64 },
  reason: text,
  location: text,
  contactInfo: text,
  page: { type: "integer", minimum: 1 },
  rect: { type: "array", items: { type: "number" }, minItems: 4, maxItems: 4, description: "[x1, y1, x2, y2] in PDF points of the page as shown" },
  certify: { type: "boolean" },
  timestamp: { type: "boolean" },
  expectedVersion: { type: "integer", minimum: 1, description: "sign only if this is still the latest version (else 412)" },
};
export const SIGNING_ERRORS: ErrorCode[] = [
  "request.invalid",
  "request.entity.parse.failed",
  "auth.not_this_officer",
  "document.not_found",
  "officer.not_found",
  "version.precondition_failed",
  "request.bad_if_match",
  "cert.expired",
  "cert.not_yet_valid",
  "cert.revoked",
  "cert.key_usage",
  "pdf.page_out_of_range",
  "pdf.rect_invalid",
  "pdf.rect_out_of_page",
  "pdf.page_without_mediabox",
  "pdf.certify_not_first",
  "pdf.certified_no_changes",
  "pdf.unparsable",
  "pdf.decode_limit",
  "limits.parse_timeout",
  "limits.parse_memory",
];
export const esignOptions: Record<string, Json> = {
  officerId: signingOptions.officerId as Json,
  reason: text,
  location: text,
  page: signingOptions.page as Json,
  rect: signingOptions.rect as Json,
  timestamp: { type: "boolean" },
  expectedVersion: signingOptions.expectedVersion as Json,
};
export const ESIGN_START_ERRORS: ErrorCode[] = [...SIGNING_ERRORS, "esign.no_identity", "esign.not_configured", "signing.no_tsa"];
export const UPLOAD_ERRORS: ErrorCode[] = [
  "upload.file_required",
  "upload.malformed",
  "upload.too_large",
  "upload.unexpected_field",
  "pdf.not_pdf",
  "pdf.empty",
  "pdf.encrypted",
  "pdf.truncated",
  "pdf.unparsable",
  "pdf.too_many_pages",
  "pdf.decode_limit",
  // The upload check prepares a trial signature and reads it back as verification would.
  "pdf.xref_broken",
  "pdf.no_catalog",
  "pdf.unreadable",
  "pdf.too_many_revisions",
  "limits.parse_timeout",
  "limits.parse_memory",
];
export const AUDIT_READ_ERRORS: ErrorCode[] = ["audit.bad_query", "audit.bad_proof_request"];
export const fileIdParam = path("fileId");
export const dueDate: Json = { type: "string", format: "date", description: "YYYY-MM-DD (IST); not in the past" };
export const csvOrJson = (description: string, name: string): Json => ({
  description,
  content: { "application/json": { schema: schema(name) }, "text/csv": { schema: { type: "string" } } },
});
export const FILE_CHANGE_ERRORS: ErrorCode[] = ["file.not_found", "file.not_holder", "file.moved", "file.closed", "file.open", "file.parked", "database.unavailable"];
export const fileChange = (summary: string, extra: ErrorCode[] = []): RouteSpec => ({
  method: "post",
  path: "",
  access: FILE_WORK,
  summary,
  parameters: [fileIdParam],
  responses: { "200": json("the file (ETag: its version)", "File") },
  errors: [...FILE_CHANGE_ERRORS, ...extra],
});
export const webhookIdParam = path("wid");
export const reportAnswer: Json = {
  description: "verification report",
  content: { "application/json": { schema: schema("VerificationReport") }, "application/pdf": { schema: { type: "string", format: "binary" } } },
};
export const REPORT_ERRORS: ErrorCode[] = ["report.bad_office", "report.bad_range", "report.bad_asOf", "report.bad_from", "report.bad_to", "database.unavailable"];
