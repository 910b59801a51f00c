import { Router } from "express";

type Json = { [k: string]: Json } | Json[] | string | number | boolean | null;

const problem = { $ref: "#/components/responses/Problem" };
const pdfUpload: Json = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary" } } },
    },
  },
};
const idParam: Json = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const nParam: Json = { name: "n", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
const q = (name: string, type = "integer"): Json => ({ name, in: "query", required: false, schema: { type } });
const errors = (...codes: number[]): Record<string, Json> =>
  Object.fromEntries(codes.map((c) => [String(c), problem]));
const ok = (description: string, extra: Record<string, Json> = {}): Json => ({ description, ...extra });

/** The HTTP contract of ../shared/DESIGN.md as OpenAPI 3.1, served at /openapi.json. */
export const openApiDocument: Json = {
  openapi: "3.1.0",
  info: { title: "mohar", version: "0.1.0", description: "PDF digital-signing and document vault service" },
  components: {
    securitySchemes: {
      apiKey: { type: "http", scheme: "bearer", description: "mohar_<keyId>_<secret> API key or an IdP JWT" },
    },
    responses: {
      Problem: {
        description: "RFC 9457 problem details",
        content: { "application/problem+json": { schema: { type: "object", required: ["status", "detail", "code"] } } },
      },
    },
  },
  security: [{ apiKey: [] }],
  paths: {
    "/v1/documents": {
      post: {
        summary: "Upload a new document (version 1)",
        requestBody: pdfUpload,
        responses: { "201": ok("document created"), ...errors(400, 401, 403, 413, 415, 422) },
      },
      get: {
        summary: "List documents by file number",
        parameters: [{ name: "fileNumber", in: "query", required: true, schema: { type: "string" } }],
        responses: { "200": ok("documents"), ...errors(400, 401, 403) },
      },
    },
    "/v1/documents/{id}": {
      get: { summary: "Document metadata with all versions", parameters: [idParam], responses: { "200": ok("document"), ...errors(401, 403, 404) } },
    },
    "/v1/documents/{id}/versions": {
      post: {
        summary: "Add a revised draft as a new version",
        parameters: [idParam],
        requestBody: pdfUpload,
        responses: { "201": ok("version created"), ...errors(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    "/v1/documents/{id}/versions/{n}/content": {
      get: {
        summary: "The PDF of one version (ETag = sha256, Range supported)",
        parameters: [idParam, nParam],
        responses: {
          "200": ok("the PDF", { content: { "application/pdf": { schema: { type: "string", format: "binary" } } } }),
          "206": ok("a byte range of the PDF"),
          "304": ok("not modified"),
          ...errors(401, 403, 404, 416),
        },
      },
    },
    "/v1/documents/{id}/signatures": {
      post: {
        summary: "Sign the latest version with an officer's certificate",
        parameters: [idParam],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["officerId"],
                properties: {
                  officerId: { type: "string" },
                  reason: { type: "string" },
                  location: { type: "string" },
                  contactInfo: { type: "string" },
                  page: { type: "integer", minimum: 1 },
                  rect: { type: "array", items: { type: "number" }, minItems: 4, maxItems: 4 },
                  certify: { type: "boolean" },
                  timestamp: { type: "boolean" },
                },
              },
            },
          },
        },
        responses: { "201": ok("signed version created"), ...errors(400, 401, 403, 404, 422, 503) },
      },
    },
    "/v1/documents/{id}/signatures/prepare": {
      post: {
        summary: "Two-phase signing: get the digest to sign with a USB token or eSign",
        description:
          "Same options as POST /signatures, plus certificatePem/chainPem when the signing certificate is not the officer's on record. " +
          "Returns {sessionId, digestToSign, signedAttributes, contentDigest (base64), fieldName, signingTime, expiresAt}.",
        parameters: [idParam],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["officerId"],
                properties: {
                  officerId: { type: "string" },
                  certificatePem: { type: "string" },
                  chainPem: { type: "string" },
                  reason: { type: "string" },
                  location: { type: "string" },
                  contactInfo: { type: "string" },
                  page: { type: "integer", minimum: 1 },
                  rect: { type: "array", items: { type: "number" }, minItems: 4, maxItems: 4 },
                  certify: { type: "boolean" },
                  timestamp: { type: "boolean" },
                },
              },
            },
          },
        },
        responses: { "201": ok("signing session"), ...errors(400, 401, 403, 404, 422) },
      },
    },
    "/v1/signing-sessions/{sid}/complete": {
      post: {
        summary: "Two-phase signing: send the raw signature or a CMS",
        parameters: [{ name: "sid", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                description: "exactly one of: signature (base64, over signedAttributes) or cms (base64 DER, detached, over contentDigest)",
                properties: { signature: { type: "string", contentEncoding: "base64" }, cms: { type: "string", contentEncoding: "base64" } },
              },
            },
          },
        },
        responses: { "201": ok("signed version created"), ...errors(400, 401, 403, 404, 409, 410, 422) },
      },
    },
    "/v1/verify": {
      post: { summary: "Verify every signature of an uploaded PDF", requestBody: pdfUpload, responses: { "200": ok("verification report"), ...errors(400, 401, 403, 413, 415, 422) } },
    },
    "/v1/documents/{id}/versions/{n}/verification": {
      get: { summary: "Verification report of a stored version", parameters: [idParam, nParam], responses: { "200": ok("verification report"), ...errors(401, 403, 404, 422) } },
    },
    "/v1/audit/checkpoint": { get: { summary: "Latest signed checkpoint of the audit log (C2SP signed note; JSON with ?format=json)", parameters: [q("format", "string")], responses: { "200": ok("checkpoint"), ...errors(401, 403) } } },
    "/v1/audit/entries": { get: { summary: "Audit entries by range [from, to) (at most 1000) or by documentId", parameters: [q("from"), q("to"), q("documentId", "string")], responses: { "200": ok("entries"), ...errors(400, 401, 403) } } },
    "/v1/audit/proofs/inclusion": { get: { summary: "RFC 9162 inclusion proof", parameters: [q("seq"), q("treeSize")], responses: { "200": ok("proof"), ...errors(400, 401, 403) } } },
    "/v1/audit/proofs/consistency": { get: { summary: "RFC 9162 consistency proof", parameters: [q("from"), q("to")], responses: { "200": ok("proof"), ...errors(400, 401, 403) } } },
    "/v1/audit/export": { get: { summary: "Entries, checkpoints and the log key for offline audit", responses: { "200": ok("export"), ...errors(401, 403) } } },
    "/v1/documents/{id}/timeline": {
      get: { summary: "Who acted on the document, when, and how long each step took", parameters: [idParam], responses: { "200": ok("timeline"), ...errors(400, 401, 403) } },
    },
    "/v1/officers": {
      get: { summary: "Registered officers (public fields only)", responses: { "200": ok("officers"), ...errors(401, 403) } },
      post: { summary: "Register an officer (admin)", responses: { "201": ok("officer registered"), ...errors(400, 401, 403, 409, 422) } },
    },
    "/v1/officers/{id}": {
      get: {
        summary: "One officer (public fields only)",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": ok("officer"), ...errors(401, 403, 404) },
      },
    },
    "/v1/dev/tsa": {
      post: {
        summary: "Development RFC 3161 time-stamping authority (when DEV_TSA is on)",
        security: [],
        requestBody: { required: true, content: { "application/timestamp-query": { schema: { type: "string", format: "binary" } } } },
        responses: { "200": ok("TimeStampResp", { content: { "application/timestamp-reply": { schema: { type: "string", format: "binary" } } } }), ...errors(413, 415) },
      },
    },
    "/healthz": { get: { summary: "Process is up", security: [], responses: { "200": ok("ok") } } },
    "/readyz": { get: { summary: "Object store reachable", security: [], responses: { "200": ok("ready"), "503": problem } } },
    "/metrics": { get: { summary: "Prometheus metrics", security: [], responses: { "200": ok("metrics") } } },
    "/": { get: { summary: "Redirects to the web console", security: [], responses: { "302": ok("to /console/") } } },
    "/console/": { get: { summary: "The web console (its assets are under /console/)", security: [], responses: { "200": ok("HTML") } } },
    "/v1/console/session": {
      post: {
        summary: "Console sign-in: exchanges an API key or JWT for an HttpOnly SameSite=Strict session cookie and a CSRF token (X-Mohar-CSRF)",
        security: [],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["credential"], properties: { credential: { type: "string" } } } } } },
        responses: { "201": ok("signed in: actor and csrf token"), ...errors(400, 401, 403) },
      },
      get: { summary: "The console session's actor and CSRF token (both null when not signed in)", security: [], responses: { "200": ok("actor and csrf token") } },
      delete: { summary: "Console sign-out (needs X-Mohar-CSRF)", security: [], responses: { "204": ok("signed out"), ...errors(403) } },
    },
  },
};

export function openApiRouter(): Router {
  const r = Router();
  r.get("/openapi.json", (_req, res) => {
    res.json(openApiDocument);
  });
  return r;
}
