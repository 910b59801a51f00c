import { Router, type RequestHandler, type Response } from "express";
import type { Role } from "../../auth/index.js";
import { sendProblem } from "../problem.js";
import { ROUTES, type RouteSpec } from "../routeTable.js";
import { requireRole } from "./requireRole.js";

export interface RouteAccess {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Express path pattern, exactly as the resource router mounts it. */
  path: string;
  roles: Role[];
  /** The audit action of a state-changing route: a refused attempt at it is recorded under this name. */
  auditAction?: string;
}

/**
 * Who may call what: every authenticated route of the route table with its roles. A route
 * missing here is refused (default deny), so a new endpoint cannot ship without a decision about
 * its roles.
 */
export const ACCESS_POLICY: readonly RouteAccess[] = (Object.values(ROUTES) as RouteSpec[]).flatMap((spec) =>
  spec.access === "public" ? [] : [{ method: spec.method, path: spec.path, roles: [...spec.access], ...(spec.audit ? { auditAction: spec.audit } : {}) }],
);

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
    sendProblem(res, "route.not_found", `no route for ${req.method} ${req.path}`);
  };
  return [r, denyUnlisted];
}
