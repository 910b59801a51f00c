import type { Request } from "express";
import type { Actor } from "../auth/index.js";
import { MoharError } from "../errors.js";

// The one declaration of `req.actor`, set by the authentication middleware (http/auth).
declare global {
  // Express types its Request through this global namespace; augmenting it is the only way in.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor?: Actor;
    }
  }
}

/** The authenticated caller; every route behind authentication may rely on it. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new MoharError("auth.required", "authentication is required");
  return req.actor;
}
