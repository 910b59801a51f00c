import { Router } from "express";
import { ERROR_CODES, statusOfCode, type ErrorCode } from "../errors.js";
import { API_SCHEMAS, type Json } from "./apiSchemas.js";
import { commonErrors, ROUTES, type RouteSpec } from "./routeTable.js";
import { route } from "./route.js";

const problem = { $ref: "#/components/responses/Problem" };
const idempotencyKey: Json = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Makes a retry safe: the same key with the same request answers the first response again (kept 24 h)",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

/** An operation of the OpenAPI document, from its route: success answers, and a Problem for each status its error codes have. */
function operation(id: string, spec: RouteSpec): Json {
  const codes = [...new Set<ErrorCode>([...spec.errors, ...commonErrors(spec)])];
  const parameters = [...(spec.parameters ?? []), ...(spec.method === "post" && spec.access !== "public" ? [idempotencyKey] : [])];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(statusOfCode(code), [...(byStatus.get(statusOfCode(code)) ?? []), code]);
  const errors = Object.fromEntries(
    [...byStatus].sort((a, b) => a[0] - b[0]).map(([status, list]) => [String(status), { ...problem, description: list.map((c) => `\`${c}\``).join(", ") }]),
  );
  return {
    operationId: id,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.access === "public" ? { security: [] } : { "x-roles": [...spec.access] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
    responses: { ...spec.responses, ...errors },
    "x-error-codes": codes,
  };
}

function paths(): Record<string, Record<string, Json>> {
  const out: Record<string, Record<string, Json>> = {};
  for (const [id, spec] of Object.entries(ROUTES) as Array<[string, RouteSpec]>) {
    const p = spec.path.replace(/:(\w+)/g, "{$1}");
    out[p] = { ...out[p], [spec.method]: operation(id, spec) };
  }
  return out;
}

/** The HTTP contract as OpenAPI 3.1, served at /openapi.json: made from the route table and the error catalogue. */
export const openApiDocument: Json = {
  openapi: "3.1.0",
  info: {
    title: "mohar",
    version: "0.1.0",
    description: "PDF digital-signing and document vault service",
    license: { name: "Apache-2.0", identifier: "Apache-2.0" },
  },
  servers: [{ url: "/", description: "the mohar instance serving this document" }],
  components: {
    schemas: {
      ...API_SCHEMAS,
      Problem: {
        type: "object",
        required: ["type", "title", "status", "detail", "code"],
        properties: {
          type: { type: "string" },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string", description: "what went wrong with this request, in words a person can act on" },
          code: { $ref: "#/components/schemas/ErrorCode" },
          requestId: { type: "string", description: "the request's X-Request-Id, as in the log and the audit entry" },
        },
      },
      ErrorCode: {
        type: "string",
        enum: Object.keys(ERROR_CODES),
        description: Object.entries(ERROR_CODES)
          .map(([code, [status, text]]) => `- \`${code}\` (${status}): ${text}`)
          .join("\n"),
        "x-status": Object.fromEntries(Object.entries(ERROR_CODES).map(([code, [status]]) => [code, status])),
      },
    },
    securitySchemes: {
      apiKey: { type: "http", scheme: "bearer", description: "mohar_<keyId>_<secret> API key or an IdP JWT" },
    },
    responses: {
      Problem: {
        description: "RFC 9457 problem details; `code` is one of the error codes below, each always with the same status",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      },
    },
  },
  security: [{ apiKey: [] }],
  paths: paths(),
};

export function openApiRouter(): Router {
  const r = Router();
  route(r, "openapi", (_req, res) => {
    res.json(openApiDocument);
  });
  return r;
}
