import type { Role } from "../auth/index.js";
import type { ErrorCode } from "../errors.js";
import type { Json } from "./apiSchemas.js";

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

const READ: Role[] = ["clerk", "officer", "auditor", "admin"];
const UPLOAD: Role[] = ["clerk", "admin"];
// Signing routes also check that the caller is bound to the officer named in the request.
const SIGN: Role[] = ["officer", "admin"];
const AUDIT: Role[] = ["auditor", "admin"];
const ADMIN: Role[] = ["admin"];
const SCRAPE: Role[] = ["admin", "metrics"];
// Clerks open and send files, officers send them on; the service checks that the caller holds the file.
const FILE_WORK: Role[] = ["clerk", "officer", "admin"];
const REPORTS: Role[] = ["officer", "auditor", "admin"];

const schema = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, name: string): Json => ({ description, content: { "application/json": { schema: schema(name) } } });
const jsonBody = (properties: Record<string, Json>, required: string[] = [], description?: string): Json => ({
  required: true,
  content: { "application/json": { schema: { type: "object", required, properties, additionalProperties: false, ...(description ? { description } : {}) } } },
});
const pdfUpload = (fields: Record<string, Json> = {}): Json => ({
  required: true,
  content: { "multipart/form-data": { schema: { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary" }, ...fields } } } },
});
const path = (name: string, s: Json = { type: "string" }): Json => ({ name, in: "path", required: true, schema: s });
const query = (name: string, type = "integer", required = false): Json => ({ name, in: "query", required, schema: { type } });
const idParam = path("id", { type: "string", format: "uuid" });
const nParam = path("n", { type: "integer", minimum: 1 });
const ifMatch: Json = {
  name: "If-Match",
  in: "header",
  required: false,
  description: "The ETag (sha256) of the version the request acts on; 412 and nothing stored when it is no longer the latest",
  schema: { type: "string" },
};
const text = { type: "string", minLength: 1, maxLength: 200 };
const str: Json = { type: "string" };
const signingOptions: Record<string, Json> = {
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
const SIGNING_ERRORS: ErrorCode[] = [
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
const esignOptions: Record<string, Json> = {
  officerId: signingOptions.officerId as Json,
  reason: text,
  location: text,
  page: signingOptions.page as Json,
  rect: signingOptions.rect as Json,
  timestamp: { type: "boolean" },
  expectedVersion: signingOptions.expectedVersion as Json,
};
const ESIGN_START_ERRORS: ErrorCode[] = [...SIGNING_ERRORS, "esign.no_identity", "esign.not_configured", "signing.no_tsa"];
const UPLOAD_ERRORS: ErrorCode[] = [
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
const AUDIT_READ_ERRORS: ErrorCode[] = ["audit.bad_query", "audit.bad_proof_request"];
const fileIdParam = path("fileId");
const dueDate: Json = { type: "string", format: "date", description: "YYYY-MM-DD (IST); not in the past" };
const csvOrJson = (description: string, name: string): Json => ({
  description,
  content: { "application/json": { schema: schema(name) }, "text/csv": { schema: { type: "string" } } },
});
const FILE_CHANGE_ERRORS: ErrorCode[] = ["file.not_found", "file.not_holder", "file.moved", "file.closed", "file.open", "file.parked", "database.unavailable"];
const fileChange = (summary: string, extra: ErrorCode[] = []): RouteSpec => ({
  method: "post",
  path: "",
  access: FILE_WORK,
  summary,
  parameters: [fileIdParam],
  responses: { "200": json("the file (ETag: its version)", "File") },
  errors: [...FILE_CHANGE_ERRORS, ...extra],
});
const webhookIdParam = path("wid");
const reportAnswer: Json = {
  description: "verification report",
  content: { "application/json": { schema: schema("VerificationReport") }, "application/pdf": { schema: { type: "string", format: "binary" } } },
};
const REPORT_ERRORS: ErrorCode[] = ["report.bad_office", "report.bad_range", "report.bad_asOf", "report.bad_from", "report.bad_to", "database.unavailable"];

/** Every route mohar serves, by operation id. */
export const ROUTES = {
  uploadDocument: {
    method: "post",
    path: "/v1/documents",
    access: UPLOAD,
    audit: "document.upload",
    summary: "Upload a new document (version 1)",
    requestBody: pdfUpload({ title: text, fileNumber: text, kind: { enum: ["letter", "notesheet", "other"] } }),
    responses: { "201": json("document created, with its version 1", "CreatedDocument") },
    errors: [...UPLOAD_ERRORS, "vault.title_required", "vault.title_too_long", "vault.title_invalid", "vault.fileNumber_required", "vault.fileNumber_too_long", "vault.fileNumber_invalid", "vault.bad_kind"],
  },
  listDocuments: {
    method: "get",
    path: "/v1/documents",
    access: READ,
    summary: "List documents by file number",
    parameters: [query("fileNumber", "string", true)],
    responses: { "200": json("documents of the file number", "DocumentList") },
    errors: ["request.file_number_required"],
  },
  getDocument: {
    method: "get",
    path: "/v1/documents/:id",
    access: READ,
    summary: "Document metadata with all versions",
    parameters: [idParam],
    responses: { "200": json("document", "Document") },
    errors: ["document.not_found"],
  },
  addVersion: {
    method: "post",
    path: "/v1/documents/:id/versions",
    access: UPLOAD,
    audit: "document.version",
    summary: "Add a revised draft as a new version (form field expectedVersion or If-Match: only after that version)",
    parameters: [idParam, ifMatch],
    requestBody: pdfUpload({ derivedFrom: { type: "integer", minimum: 1 }, expectedVersion: { type: "integer", minimum: 1 } }),
    responses: { "201": json("version created", "Version") },
    errors: [...UPLOAD_ERRORS, "document.not_found", "request.bad_derivedFrom", "request.bad_expectedVersion", "request.bad_if_match", "vault.bad_derived_from", "version.precondition_failed"],
  },
  getVersionContent: {
    method: "get",
    path: "/v1/documents/:id/versions/:n/content",
    access: READ,
    audit: "document.download",
    summary: "The PDF of one version (ETag = sha256, Range supported)",
    parameters: [idParam, nParam],
    responses: {
      "200": { description: "the PDF", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } },
      "206": { description: "a byte range of the PDF", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } },
      "304": { description: "not modified (If-None-Match)" },
    },
    errors: ["document.not_found", "version.not_found", "range.not_satisfiable"],
  },
  signDocument: {
    method: "post",
    path: "/v1/documents/:id/signatures",
    access: SIGN,
    audit: "document.sign",
    summary: "Sign the latest version with an officer's key (If-Match or expectedVersion: only that version)",
    parameters: [idParam, ifMatch],
    requestBody: jsonBody(signingOptions, ["officerId"]),
    responses: { "201": json("signed version created", "Version") },
    errors: [...SIGNING_ERRORS, "version.superseded", "key.missing", "key.bad_password", "key.bad_file", "key.mismatch", "key.unavailable", "key.token_unavailable", "key.token_refused", "tsa.unavailable", "signing.no_tsa"],
  },
  timestampDocument: {
    method: "post",
    path: "/v1/documents/:id/timestamps",
    access: SIGN,
    audit: "document.timestamp",
    summary: "Add a document timestamp (PAdES B-LTA) to the latest version, as a new version",
    description:
      "Appends the earlier signatures' validation data (certificates, CRLs, OCSP responses) in the /DSS and a /DocTimeStamp from the service's TSA, so the signatures stay verifiable after their certificates and the first TSA's certificate expire. If-Match or expectedVersion: only that version.",
    parameters: [idParam, ifMatch],
    requestBody: jsonBody({ expectedVersion: signingOptions.expectedVersion as Json }, []),
    responses: { "201": json("timestamped version created", "Version") },
    errors: ["request.invalid", "request.entity.parse.failed", "document.not_found", "version.precondition_failed", "request.bad_if_match", "version.superseded", "pdf.certified_no_changes", "pdf.unparsable", "pdf.decode_limit", "limits.parse_timeout", "limits.parse_memory", "tsa.unavailable", "signing.no_tsa"],
  },
  prepareSignature: {
    method: "post",
    path: "/v1/documents/:id/signatures/prepare",
    access: SIGN,
    audit: "signing.prepare",
    summary: "Two-phase signing: get the digest to sign with a USB token or eSign",
    description: "Same options as POST /signatures, plus certificatePem/chainPem when the signing certificate is not the officer's on record.",
    parameters: [idParam, ifMatch],
    requestBody: jsonBody({ ...signingOptions, certificatePem: { type: "string" }, chainPem: { type: "string" } }, ["officerId"]),
    responses: { "201": json("signing session (Location: the session)", "PreparedSession") },
    errors: [...SIGNING_ERRORS, "auth.not_this_officer_certificate", "officer.bad_certificate", "signing.bad_chain"],
  },
  getSigningSession: {
    method: "get",
    path: "/v1/signing-sessions/:sid",
    access: SIGN,
    summary: "A two-phase signing session: its status and, once completed, the version it made",
    parameters: [path("sid")],
    responses: { "200": json("signing session", "SigningSession") },
    errors: ["signing.session_not_found", "auth.not_this_officer"],
  },
  completeSignature: {
    method: "post",
    path: "/v1/signing-sessions/:sid/complete",
    access: SIGN,
    audit: "signing.complete",
    summary: "Two-phase signing: send the raw signature or a CMS (a retry after success answers with the same version)",
    parameters: [path("sid")],
    requestBody: jsonBody(
      { signature: { type: "string", contentEncoding: "base64" }, cms: { type: "string", contentEncoding: "base64" } },
      [],
      "exactly one of: signature (base64, over signedAttributes) or cms (base64 DER, detached, over contentDigest)",
    ),
    responses: { "201": json("signed version created", "Version") },
    errors: [
      "request.invalid",
      "request.entity.parse.failed",
      "signing.session_not_found",
      "signing.session_expired",
      "signing.session_completed",
      "signing.completion_input",
      "signing.document_changed",
      "signing.session_without_document",
      "signature.mismatch",
      "cms.invalid",
      "cms.not_pades",
      "cms.digest_mismatch",
      "auth.not_this_officer",
      "version.superseded",
      "tsa.unavailable",
    ],
  },
  startEsign: {
    method: "post",
    path: "/v1/documents/:id/esign",
    access: SIGN,
    audit: "esign.start",
    summary: "Aadhaar eSign: start a transaction for the latest version (returns the form the browser posts to the ESP)",
    description: "The officer must have a registered eSign identity. The answer's form (action, fields eSignRequest/aspTxnID/Content-Type) is posted by the officer's browser to the ESP, which posts its response to POST /v1/esign/response.",
    parameters: [idParam, ifMatch],
    requestBody: jsonBody(esignOptions, ["officerId"]),
    responses: { "201": json("eSign transaction started (Location: its status)", "EsignStarted") },
    errors: ESIGN_START_ERRORS,
  },
  startEsignBatch: {
    method: "post",
    path: "/v1/esign/transactions",
    access: SIGN,
    audit: "esign.start",
    summary: "Aadhaar eSign of several documents in one transaction (one InputHash each)",
    requestBody: jsonBody(
      {
        ...esignOptions,
        documents: {
          type: "array",
          minItems: 1,
          items: { type: "object", required: ["documentId"], properties: { documentId: { type: "string", format: "uuid" }, expectedVersion: { type: "integer", minimum: 1 } }, additionalProperties: false },
        },
      },
      ["officerId", "documents"],
    ),
    responses: { "201": json("eSign transaction started (Location: its status)", "EsignStarted") },
    errors: [...ESIGN_START_ERRORS, "esign.too_many_documents"],
  },
  getEsignTransaction: {
    method: "get",
    path: "/v1/esign/transactions/:txn",
    access: SIGN,
    summary: "An eSign transaction: open, expired (the ESP never answered), refused, or each document's outcome",
    parameters: [path("txn")],
    responses: { "200": json("eSign transaction", "EsignTransaction") },
    errors: ["esign.transaction_not_found", "esign.not_configured", "auth.not_this_officer"],
  },
  esignResponse: {
    method: "post",
    path: "/v1/esign/response",
    access: "public",
    audit: "esign.complete",
    summary: "The ASP callback (responseUrl): the ESP's signed EsignResp, brought by the officer's browser",
    description:
      "Form fields eSignResponse (the EsignResp XML) and espTxnID. Authenticated by the ESP's XML signature (the configured ESP certificate), not by a credential; each signed document becomes a new version with its own audit entry. HTML for a browser, JSON when asked for.",
    requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: { type: "object", required: ["eSignResponse"], properties: { eSignResponse: { type: "string" }, espTxnID: { type: "string" } } } } } },
    responses: { "200": json("each document's outcome", "EsignTransaction") },
    errors: ["esign.bad_response", "esign.transaction_not_found", "esign.transaction_expired", "esign.transaction_completed", "esign.refused", "esign.not_configured", "request.entity.too.large"],
  },
  devEspSignDoc: {
    method: "post",
    path: "/v1/dev/esp/signdoc",
    access: "public",
    summary: "Development ESP (DEV_ESP): takes the ASP's signed Esign request, asks for a development Aadhaar number and OTP",
    requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: { type: "object", required: ["eSignRequest"], properties: { eSignRequest: { type: "string" }, aspTxnID: { type: "string" } } } } } },
    responses: { "200": { description: "the OTP page (JSON when asked for), or the page posting a refusal to the ASP", content: { "text/html": { schema: str }, "application/json": { schema: { type: "object" } } } } },
    errors: ["esign.bad_request", "esign.unknown_asp", "esign.not_loopback", "request.entity.too.large"],
  },
  devEspAuthenticate: {
    method: "post",
    path: "/v1/dev/esp/authenticate",
    access: "public",
    summary: "Development ESP: the Aadhaar number and OTP; answers with the page posting the signed EsignResp to the ASP's responseUrl",
    requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: { type: "object", required: ["espTxnID", "aadhaar", "otp"], properties: { espTxnID: str, aadhaar: str, otp: str } } } } },
    responses: { "200": { description: "the page posting the EsignResp to the ASP (JSON when asked for)", content: { "text/html": { schema: str }, "application/json": { schema: { type: "object" } } } } },
    errors: ["esign.bad_request", "esign.transaction_not_found", "esign.not_loopback"],
  },
  verifyUpload: {
    method: "post",
    path: "/v1/verify",
    access: AUDIT,
    audit: "document.verify",
    summary: "Verify every signature of an uploaded PDF (a failing signature is still a 200 with its report; as a PDF with ?format=pdf or Accept: application/pdf)",
    parameters: [query("format", "string")],
    requestBody: pdfUpload(),
    responses: { "200": reportAnswer },
    // An encrypted PDF is verified when it opens without a password.
    errors: [...UPLOAD_ERRORS, "pdf.password_required"],
  },
  verifyVersion: {
    method: "get",
    path: "/v1/documents/:id/versions/:n/verification",
    access: AUDIT,
    audit: "document.verify",
    summary: "Verification report of a stored version (as a PDF with ?format=pdf or Accept: application/pdf)",
    parameters: [idParam, nParam, query("format", "string")],
    responses: { "200": reportAnswer },
    errors: ["document.not_found", "version.not_found", "pdf.unreadable", "limits.parse_timeout", "limits.parse_memory"],
  },
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
  listOfficers: {
    method: "get",
    path: "/v1/officers",
    access: READ,
    summary: "Registered officers (public fields only)",
    responses: { "200": json("officers", "OfficerList") },
    errors: [],
  },
  getOfficer: {
    method: "get",
    path: "/v1/officers/:id",
    access: READ,
    summary: "One officer (public fields only)",
    parameters: [path("id")],
    responses: { "200": json("officer", "Officer") },
    errors: ["officer.not_found"],
  },
  setOfficerEsignIdentity: {
    method: "post",
    path: "/v1/officers/:id/esign-identity",
    access: ADMIN,
    audit: "officer.esign_identity",
    summary: "Add the eSign identity of an officer registered without one (admin; set once)",
    description: "The name and the identifier (pseudonym or serialNumber) the ESP writes in its per-transaction certificates; an eSign certificate is accepted for the officer only when it names both.",
    parameters: [path("id")],
    requestBody: jsonBody({ name: text, idAttribute: { type: "string", enum: ["pseudonym", "serialNumber"] }, id: { type: "string", minLength: 8, maxLength: 200 } }, ["name", "id"]),
    responses: { "201": json("the officer with its eSign identity", "Officer") },
    errors: ["officer.not_found", "officer.invalid", "officer.esign_identity_exists", "request.entity.parse.failed"],
  },
  registerOfficer: {
    method: "post",
    path: "/v1/officers",
    access: ADMIN,
    audit: "officer.register",
    summary: "Register an officer (admin)",
    requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
    responses: { "201": json("officer registered", "Officer") },
    errors: ["officer.invalid", "officer.bad_certificate", "officer.exists", "key.missing", "key.bad_file", "key.bad_password", "key.mismatch", "key.bad_reference", "request.entity.parse.failed"],
  },
  listApiKeys: {
    method: "get",
    path: "/v1/keys",
    access: ADMIN,
    summary: "API keys: ids, roles, names, officer bindings and whether revoked; never a secret (admin)",
    responses: { "200": json("keys", "ApiKeyList") },
    errors: [],
  },
  createApiKey: {
    method: "post",
    path: "/v1/keys",
    access: ADMIN,
    audit: "apikey.create",
    summary: "Create an API key (admin); the whole key is in this answer only",
    requestBody: jsonBody(
      { role: { enum: ["clerk", "officer", "auditor", "admin", "metrics"] }, name: { type: "string", minLength: 1, maxLength: 200 }, officerId: { type: "string", minLength: 1, maxLength: 200 } },
      ["role", "name"],
      "an officer key names the officer it signs for; clerk and auditor keys name none",
    ),
    responses: { "201": json("key created", "CreatedApiKey") },
    errors: ["auth.bad_key_request", "officer.not_found", "request.entity.parse.failed"],
  },
  revokeApiKey: {
    method: "post",
    path: "/v1/keys/:keyId/revoke",
    access: ADMIN,
    audit: "apikey.revoke",
    summary: "Revoke an API key (admin); sessions and requests with it are refused from then on (other instances: within 30 s)",
    parameters: [path("keyId", { type: "string", pattern: "^[0-9a-f]{16}$" })],
    responses: { "200": json("the key, revoked", "ApiKey") },
    errors: ["auth.key_not_found"],
  },
  openFile: {
    method: "post",
    path: "/v1/files",
    access: FILE_WORK,
    audit: "file.open",
    summary: "Open a file; the caller holds it first",
    requestBody: jsonBody(
      {
        fileNumber: { type: "string", maxLength: 100, description: "any script, e.g. फा.सं. 12/34/2026-स्था." },
        subject: { type: "string", maxLength: 500 },
        office: { type: "string", maxLength: 100 },
        section: { type: "string", maxLength: 100 },
        dueDate,
      },
      ["fileNumber", "subject", "office"],
    ),
    responses: { "201": json("file opened (ETag: its version)", "File") },
    errors: ["file.bad_input", "file.due_date_past", "file.number_taken", "request.entity.parse.failed", "database.unavailable"],
  },
  listFiles: {
    method: "get",
    path: "/v1/files",
    access: READ,
    summary: "List files (oldest first, at most 500)",
    parameters: [query("office", "string"), query("holder", "string"), query("status", "string")],
    responses: { "200": json("files", "FileList") },
    errors: ["file.bad_status", "request.repeated_query", "database.unavailable"],
  },
  getFile: {
    method: "get",
    path: "/v1/files/:fileId",
    access: READ,
    summary: "One file with its holder, version and documents",
    parameters: [fileIdParam],
    responses: { "200": json("file (ETag: its version)", "File") },
    errors: ["file.not_found", "database.unavailable"],
  },
  listMovements: {
    method: "get",
    path: "/v1/files/:fileId/movements",
    access: READ,
    summary: "Every custody step: holder, from, to, calendar and working time",
    parameters: [fileIdParam],
    responses: { "200": json("movements", "Movements") },
    errors: ["file.not_found", "database.unavailable"],
  },
  forwardFile: {
    method: "post",
    path: "/v1/files/:fileId/movements",
    access: FILE_WORK,
    audit: "file.forward",
    summary: "Forward the file to an officer or a section (holder or admin; If-Match: the file version you saw)",
    parameters: [fileIdParam, { name: "If-Match", in: "header", required: false, schema: { type: "string" } }],
    requestBody: jsonBody(
      { toOfficer: { type: "string" }, toSection: { type: "string" }, remarks: { type: "string", maxLength: 2000 }, dueDate },
      [],
      "exactly one of toOfficer or toSection",
    ),
    responses: { "201": json("forwarded (ETag: the new version)", "File") },
    errors: [...FILE_CHANGE_ERRORS, "file.bad_input", "file.bad_if_match", "file.due_date_past", "file.unknown_officer", "request.entity.parse.failed"],
  },
  receiveFile: { ...fileChange("Receive the file (the addressee officer, or anyone at the addressee section)", ["file.not_addressee", "file.already_received"]), path: "/v1/files/:fileId/receive", audit: "file.receive" },
  parkFile: { ...fileChange("Park the file (holder or admin)"), path: "/v1/files/:fileId/park", audit: "file.park" },
  closeFile: { ...fileChange("Close the file (holder or admin)"), path: "/v1/files/:fileId/close", audit: "file.close" },
  reopenFile: { ...fileChange("Reopen a parked or closed file"), path: "/v1/files/:fileId/reopen", audit: "file.reopen" },
  attachDocument: {
    method: "post",
    path: "/v1/files/:fileId/documents",
    access: FILE_WORK,
    audit: "file.attach",
    summary: "Put a vault document on the file (holder or admin)",
    parameters: [fileIdParam],
    requestBody: jsonBody({ documentId: { type: "string" } }, ["documentId"]),
    responses: { "201": json("the file", "File") },
    errors: [...FILE_CHANGE_ERRORS, "file.bad_input", "file.unknown_document", "file.document_attached", "request.entity.parse.failed"],
  },
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
  createWebhook: {
    method: "post",
    path: "/v1/webhooks",
    access: ADMIN,
    audit: "webhook.create",
    summary: "Subscribe a receiver URL to events (admin); the answer carries the signing secret, shown this once",
    requestBody: jsonBody(
      {
        url: { type: "string", maxLength: 2000, description: "http(s); a public address, or one in WEBHOOK_ALLOW_NETWORKS" },
        events: { type: "array", minItems: 1, items: { enum: ["document.signed", "version.added", "file.moved", "file.overdue", "verification.failed"] } },
        description: { type: "string", maxLength: 200 },
      },
      ["url", "events"],
    ),
    responses: { "201": json("subscribed (Location: the subscription)", "WebhookSubscriptionCreated") },
    errors: ["webhook.bad_input", "webhook.url_refused", "webhook.too_many", "request.entity.parse.failed", "database.unavailable"],
  },
  listWebhooks: {
    method: "get",
    path: "/v1/webhooks",
    access: ADMIN,
    summary: "Webhook subscriptions (admin; secrets are never listed)",
    responses: { "200": json("subscriptions", "WebhookSubscriptionList") },
    errors: ["database.unavailable"],
  },
  getWebhook: {
    method: "get",
    path: "/v1/webhooks/:wid",
    access: ADMIN,
    summary: "One webhook subscription (admin)",
    parameters: [webhookIdParam],
    responses: { "200": json("subscription", "WebhookSubscription") },
    errors: ["webhook.not_found", "database.unavailable"],
  },
  deleteWebhook: {
    method: "delete",
    path: "/v1/webhooks/:wid",
    access: ADMIN,
    audit: "webhook.delete",
    summary: "Delete a subscription and its delivery log; undelivered events to it are dropped (admin)",
    parameters: [webhookIdParam],
    responses: { "204": { description: "deleted" } },
    errors: ["webhook.not_found", "database.unavailable"],
  },
  disableWebhook: {
    method: "post",
    path: "/v1/webhooks/:wid/disable",
    access: ADMIN,
    audit: "webhook.disable",
    summary: "Stop deliveries to a subscription: no new events are queued for it, pending ones wait (admin)",
    parameters: [webhookIdParam],
    responses: { "200": json("subscription", "WebhookSubscription") },
    errors: ["webhook.not_found", "database.unavailable"],
  },
  enableWebhook: {
    method: "post",
    path: "/v1/webhooks/:wid/enable",
    access: ADMIN,
    audit: "webhook.enable",
    summary: "Resume deliveries to a subscription; the events that waited go out in order (admin)",
    parameters: [webhookIdParam],
    responses: { "200": json("subscription", "WebhookSubscription") },
    errors: ["webhook.not_found", "database.unavailable"],
  },
  listWebhookDeliveries: {
    method: "get",
    path: "/v1/webhooks/:wid/deliveries",
    access: ADMIN,
    summary: "The delivery log, newest first: each event's attempts, status codes, errors and next attempt (admin)",
    parameters: [webhookIdParam, query("state", "string"), query("limit")],
    responses: { "200": json("deliveries", "WebhookDeliveries") },
    errors: ["webhook.not_found", "webhook.bad_input", "request.repeated_query", "database.unavailable"],
  },
  redeliverWebhook: {
    method: "post",
    path: "/v1/webhooks/:wid/deliveries/:did/redeliver",
    access: ADMIN,
    audit: "webhook.redeliver",
    summary: "Send a delivered or failed delivery's event again (same webhook-id), as a new delivery retried for 24 h (admin)",
    parameters: [webhookIdParam, path("did", { type: "integer", minimum: 1 })],
    responses: { "202": json("the new delivery, queued", "WebhookDelivery") },
    errors: ["webhook.not_found", "webhook.delivery_not_found", "webhook.delivery_pending", "database.unavailable"],
  },
  metrics: {
    method: "get",
    path: "/metrics",
    access: SCRAPE,
    summary: "Prometheus metrics",
    responses: { "200": { description: "metrics", content: { "text/plain": { schema: { type: "string" } } } } },
    errors: [],
  },
  devTsa: {
    method: "post",
    path: "/v1/dev/tsa",
    access: "public",
    summary: "Development RFC 3161 time-stamping authority (when DEV_TSA is on)",
    requestBody: { required: true, content: { "application/timestamp-query": { schema: { type: "string", format: "binary" } } } },
    responses: { "200": { description: "TimeStampResp", content: { "application/timestamp-reply": { schema: { type: "string", format: "binary" } } } } },
    errors: ["tsa.media_type", "request.entity.too.large"],
  },
  consolePage: {
    method: "get",
    path: "/",
    access: "public",
    summary: "The web console for clerks, officers and auditors (also at /console/; its scripts, pdf.js and fonts are served under /console/)",
    responses: { "200": { description: "the console page", content: { "text/html": { schema: { type: "string" } } } } },
    errors: [],
  },
  consoleSignIn: {
    method: "post",
    path: "/v1/console/session",
    access: "public",
    summary: "Console sign-in: exchanges an API key or JWT for an HttpOnly SameSite=Strict session cookie and a CSRF token (send it as X-Mohar-CSRF)",
    description: "The credential is kept on the server; the browser holds only an opaque session id. JSON only, so no HTML form can post it from another site.",
    requestBody: jsonBody({ credential: { type: "string", minLength: 1, maxLength: 16384 } }, ["credential"]),
    responses: { "201": json("signed in", "ConsoleSession") },
    errors: ["console.bad_sign_in", "console.json_required", "console.cross_origin", "console.too_many_sessions", "auth.invalid_key", "auth.invalid_token", "auth.malformed_key", "auth.jwt_not_configured", "request.entity.parse.failed", "request.entity.too.large"],
  },
  consoleSessionInfo: {
    method: "get",
    path: "/v1/console/session",
    access: "public",
    summary: "The console session's actor and CSRF token (both null when not signed in)",
    responses: { "200": json("the session, or nulls", "ConsoleSession") },
    errors: [],
  },
  consoleSignOut: {
    method: "delete",
    path: "/v1/console/session",
    access: "public",
    summary: "Console sign-out (needs X-Mohar-CSRF); the cookie is cleared",
    responses: { "204": { description: "signed out" } },
    errors: ["console.csrf", "console.cross_origin"],
  },
  healthz: {
    method: "get",
    path: "/healthz",
    access: "public",
    summary: "Process is up",
    responses: { "200": json("ok", "Status") },
    errors: [],
  },
  readyz: {
    method: "get",
    path: "/readyz",
    access: "public",
    summary: "Ready for work: the object store is reachable, the audit log can record, and the service is not shutting down",
    responses: { "200": json("ready", "Status") },
    errors: ["store.unavailable", "service.draining", "audit.closed", "audit.integrity"],
  },
  openapi: {
    method: "get",
    path: "/openapi.json",
    access: "public",
    summary: "This document",
    responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } },
    errors: [],
  },
} satisfies Record<string, RouteSpec>;

export type RouteId = keyof typeof ROUTES;

/** The errors any authenticated route can answer with, before its own handler runs. */
export const AUTHENTICATED_ERRORS: readonly ErrorCode[] = [
  "auth.required",
  "auth.bad_scheme",
  "auth.empty_credential",
  "auth.malformed_key",
  "auth.invalid_key",
  "auth.invalid_token",
  "auth.jwt_not_configured",
  "auth.two_credentials",
  "auth.credential_in_query",
  "auth.role",
  "auth.rate_limited",
];

/** Routes that read documents' stored records and PDFs, which are checked on every read. */
const READS_STORED_DOCUMENTS = /^\/v1\/(documents|signing-sessions|files)\b/;

/**
 * What any route can answer with: a malformed path, a store outage, an internal error; audited
 * routes also a failed log; routes that read stored documents also damage found in storage.
 */
export function commonErrors(spec: RouteSpec): ErrorCode[] {
  return [
    ...(READS_STORED_DOCUMENTS.test(spec.path) ? (["vault.integrity"] as const) : []),
    ...(spec.access === "public" ? [] : AUTHENTICATED_ERRORS),
    ...(spec.audit ? (["audit.closed", "audit.integrity"] as const) : []),
    ...(spec.audit || spec.method !== "get" ? (["store.full"] as const) : []),
    ...(spec.method === "post" && spec.access !== "public" ? (["request.bad_idempotency_key", "idempotency.key_reused", "idempotency.in_progress"] as const) : []),
    "request.bad_path_encoding",
    "store.unavailable",
    "internal",
  ];
}
