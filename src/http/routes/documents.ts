import { idParam, ifMatch, json, nParam, pdfUpload, query, READ, type RouteSpec, text, UPLOAD, UPLOAD_ERRORS } from "./common.js";

/** Documents and their versions: upload, list, describe, revise, download. */
export const DOCUMENT_ROUTES = {
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
} satisfies Record<string, RouteSpec>;
