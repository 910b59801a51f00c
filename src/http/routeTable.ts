import type { ErrorCode } from "../errors.js";
import type { RouteSpec } from "./routes/common.js";
import { DOCUMENT_ROUTES } from "./routes/documents.js";
import { SIGNATURE_ROUTES } from "./routes/signatures.js";
import { ESIGN_ROUTES } from "./routes/esign.js";
import { VERIFICATION_ROUTES } from "./routes/verification.js";
import { AUDIT_ROUTES } from "./routes/audit.js";
import { OFFICER_ROUTES } from "./routes/officers.js";
import { FILE_ROUTES } from "./routes/files.js";
import { REPORT_ROUTES } from "./routes/reports.js";
import { WEBHOOK_ROUTES } from "./routes/webhooks.js";
import { SERVICE_ROUTES } from "./routes/service.js";

export type { RouteSpec } from "./routes/common.js";

/** Every route mohar serves, by operation id: each declared once, in the file of its area (`routes/*.ts`). */
export const ROUTES = {
  ...DOCUMENT_ROUTES,
  ...SIGNATURE_ROUTES,
  ...ESIGN_ROUTES,
  ...VERIFICATION_ROUTES,
  ...AUDIT_ROUTES,
  ...OFFICER_ROUTES,
  ...FILE_ROUTES,
  ...REPORT_ROUTES,
  ...WEBHOOK_ROUTES,
  ...SERVICE_ROUTES,
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
