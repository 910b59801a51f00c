import type { RequestHandler } from "express";
import type { Authenticator } from "../../auth/index.js";
import { MoharError } from "../../errors.js";
import "../actor.js";
import { sessionCredential, type ConsoleSessions } from "../consoleSession.js";
import { credentialFrom } from "./credentials.js";

/**
 * Every route mounted after this requires a valid credential; sets `req.actor`. A header
 * credential wins; without one, a console session cookie (with its CSRF checks) is accepted.
 */
export function authenticate(authenticator: Authenticator, sessions?: ConsoleSessions): RequestHandler {
  return async (req, _res, next) => {
    const credential = credentialFrom(req) ?? (sessions ? sessionCredential(req, sessions) : null);
    if (credential === null) {
      throw new MoharError("auth.required", "authentication is required: send an API key or token in the Authorization: Bearer header");
    }
    req.actor = await authenticator.authenticate(credential);
    next();
  };
}
