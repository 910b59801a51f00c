import type { RequestHandler, Response } from "express";
import { sendProblem } from "./problem.js";

/** What a browser page of an allowed origin may send and read (credentials go in headers, never cookies). */
const ALLOW_METHODS = "GET, HEAD, POST";
const ALLOW_HEADERS = "Authorization, X-API-Key, Content-Type, Idempotency-Key, If-Match, If-None-Match, Range";
const EXPOSE_HEADERS = "ETag, Location, Retry-After, Content-Range, Content-Length, Accept-Ranges";

/**
 * CORS for the e-Office frontends listed in CORS_ORIGINS. A preflight is answered here, before
 * authentication (a browser sends none with it); an origin not listed gets no CORS headers, so
 * its pages cannot read answers, and its preflight a 403 that says why. No
 * Access-Control-Allow-Credentials: the API takes bearer credentials in headers, not cookies.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    if (allowed.size === 0) {
      next();
      return;
    }
    res.vary("Origin");
    const origin = req.headers.origin;
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    if (origin === undefined || !allowed.has(origin)) {
      if (preflight) sendProblem(res, "cors.origin_not_allowed", `origin ${origin ?? "(none)"} is not in CORS_ORIGINS`);
      else next();
      return;
    }
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    if (!preflight) {
      next();
      return;
    }
    res.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
    res.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
    res.setHeader("Access-Control-Max-Age", "600");
    res.status(204).end();
  };
}

/** Lets pages of the allowed origins show this response (a PDF) in a frame; helmet otherwise allows only this origin. */
export function allowFramingBy(res: Response, origins: readonly string[]): void {
  if (origins.length === 0) return;
  res.removeHeader("X-Frame-Options");
  res.setHeader("Content-Security-Policy", `default-src 'none'; frame-ancestors 'self' ${origins.join(" ")}`);
}
