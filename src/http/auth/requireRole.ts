import type { RequestHandler } from "express";
import type { Role } from "../../auth/index.js";
import { MoharError } from "../../errors.js";
import { actorOf } from "../actor.js";

/** Passes when the caller holds at least one of `roles`; 403 otherwise. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const actor = actorOf(req);
    if (!actor.roles.some((r) => roles.includes(r))) {
      throw new MoharError("auth.role", `this action needs one of the roles: ${roles.join(", ")}`);
    }
    next();
  };
}
