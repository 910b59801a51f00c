import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Security headers for a JSON/PDF API (helmet defaults: nosniff, frame denial, HSTS, a strict
 * CSP that is harmless for non-HTML), and `Cache-Control: no-store` so no proxy or browser
 * keeps a copy of official documents or their metadata; a route may override it.
 */
export function hardening(): RequestHandler[] {
  return [
    helmet(),
    (_req, res, next) => {
      res.setHeader("Cache-Control", "no-store");
      next();
    },
  ];
}
