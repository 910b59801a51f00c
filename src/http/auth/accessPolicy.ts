import { Router, type RequestHandler, type Response } from "express";
import type { Role } from "../../auth/index.js";
import { sendProblem } from "../problem.js";
import { requireRole } from "./requireRole.js";

export interface RouteAccess {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Express path pattern, exactly as the resource router mounts it. */
  path: string;
  roles: Role[];
  /** The audit action of a state-changing route: a refused attempt at it is recorded under this name. */
  auditAction?: string;
}

const READ: Role[] = ["clerk", "officer", "auditor", "admin"];
const UPLOAD: Role[] = ["clerk", "admin"];
// Signing routes also check that the caller is bound to the officer named in the request.
const SIGN: Role[] = ["officer", "admin"];
const AUDIT: Role[] = ["auditor", "admin"];
const ADMIN: Role[] = ["admin"];
// Clerks open and send files, officers send them on; the service checks that the caller holds the file.
const FILE_WORK: Role[] = ["clerk", "officer", "admin"];
const REPORTS: Role[] = ["officer", "auditor", "admin"];

/**
 * Who may call what: one table for every authenticated route. A route missing here is
 * refused (default deny), so a new endpoint cannot ship without a decision about its roles.
 */
export const ACCESS_POLICY: readonly RouteAccess[] = [
  { method: "post", path: "/v1/documents", roles: UPLOAD, auditAction: "document.upload" },
  { method: "get", path: "/v1/documents", roles: READ },
  { method: "get", path: "/v1/documents/:id", roles: READ },
  { method: "post", path: "/v1/documents/:id/versions", roles: UPLOAD, auditAction: "document.version" },
  { method: "get", path: "/v1/documents/:id/versions/:n/content", roles: READ },
  { method: "post", path: "/v1/documents/:id/signatures", roles: SIGN, auditAction: "document.sign" },
  { method: "post", path: "/v1/documents/:id/signatures/prepare", roles: SIGN, auditAction: "signing.prepare" },
  { method: "post", path: "/v1/signing-sessions/:sid/complete", roles: SIGN, auditAction: "signing.complete" },
  { method: "post", path: "/v1/verify", roles: AUDIT, auditAction: "document.verify" },
  { method: "get", path: "/v1/documents/:id/versions/:n/verification", roles: AUDIT },
  { method: "get", path: "/v1/audit/checkpoint", roles: AUDIT },
  { method: "get", path: "/v1/audit/entries", roles: AUDIT },
  { method: "get", path: "/v1/audit/proofs/inclusion", roles: AUDIT },
  { method: "get", path: "/v1/audit/proofs/consistency", roles: AUDIT },
  { method: "get", path: "/v1/audit/export", roles: AUDIT },
  { method: "get", path: "/v1/documents/:id/timeline", roles: AUDIT },
  { method: "get", path: "/v1/officers", roles: READ },
  { method: "get", path: "/v1/officers/:id", roles: READ },
  { method: "post", path: "/v1/officers", roles: ADMIN, auditAction: "officer.register" },
  { method: "post", path: "/v1/files", roles: FILE_WORK, auditAction: "file.open" },
  { method: "get", path: "/v1/files", roles: READ },
  { method: "get", path: "/v1/files/:fileId", roles: READ },
  { method: "get", path: "/v1/files/:fileId/movements", roles: READ },
  { method: "post", path: "/v1/files/:fileId/movements", roles: FILE_WORK, auditAction: "file.forward" },
  { method: "post", path: "/v1/files/:fileId/receive", roles: FILE_WORK, auditAction: "file.receive" },
  { method: "post", path: "/v1/files/:fileId/park", roles: FILE_WORK, auditAction: "file.park" },
  { method: "post", path: "/v1/files/:fileId/close", roles: FILE_WORK, auditAction: "file.close" },
  { method: "post", path: "/v1/files/:fileId/reopen", roles: FILE_WORK, auditAction: "file.reopen" },
  { method: "post", path: "/v1/files/:fileId/documents", roles: FILE_WORK, auditAction: "file.attach" },
  // "me" before ":id", which would match it too.
  { method: "get", path: "/v1/officers/me/pending", roles: FILE_WORK },
  { method: "get", path: "/v1/officers/:id/pending", roles: READ },
  { method: "get", path: "/v1/reports/pendency", roles: REPORTS },
  { method: "get", path: "/v1/reports/activity", roles: REPORTS },
  { method: "get", path: "/metrics", roles: ADMIN },
];

const checked = Symbol("mohar.accessChecked");
const matched = Symbol("mohar.matchedRoute");

export interface MatchedRoute {
  access: RouteAccess;
  params: Record<string, string>;
}

function stringParams(params: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter((kv): kv is [string, string] => typeof kv[1] === "string"));
}

/** The policy entry a request matched (its first match), with the path parameters as matched there. */
export function matchedRoute(res: Response): MatchedRoute | undefined {
  return (res.locals as Record<symbol, MatchedRoute | undefined>)[matched];
}

/**
 * Enforces `policy` with Express's own path matching, ahead of the resource routers. Requests
 * that match no entry get the same 404 as an unknown route.
 */
export function accessPolicy(policy: readonly RouteAccess[] = ACCESS_POLICY): RequestHandler[] {
  const r = Router();
  for (const entry of policy) {
    const allow = requireRole(...entry.roles);
    r[entry.method](entry.path, (req, res, next) => {
      if ((res.locals as Record<symbol, unknown>)[checked]) {
        next();
        return;
      }
      (res.locals as Record<symbol, unknown>)[matched] ??= { access: entry, params: stringParams(req.params) } satisfies MatchedRoute;
      // requireRole throws on refusal and calls back only on success.
      allow(req, res, () => {
        (res.locals as Record<symbol, unknown>)[checked] = true;
        next();
      });
    });
  }
  const denyUnlisted: RequestHandler = (req, res, next) => {
    if ((res.locals as Record<symbol, unknown>)[checked]) {
      next();
      return;
    }
    sendProblem(res, { status: 404, detail: `no route for ${req.method} ${req.path}`, code: "route.not_found" });
  };
  return [r, denyUnlisted];
}
