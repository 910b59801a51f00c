import type { RequestHandler } from "express";
import type { Authenticator } from "../../auth/index.js";
import { MoharError } from "../../errors.js";
import "../actor.js";
import { credentialFrom } from "./credentials.js";

/** Every route mounted after this requires a valid credential; sets `req.actor`. */
export function authenticate(authenticator: Authenticator): RequestHandler {
  return async (req, _res, next) => {
    const credential = credentialFrom(req);
    if (credential === null) {
      throw new MoharError("auth.required", "authentication is required: send an API key or token in the Authorization: Bearer header");
    }
    req.actor = await authenticator.authenticate(credential);
    next();
  };
}
