import { randomBytes, timingSafeEqual } from "node:crypto";
import express, { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { Actor, Authenticator } from "../auth/index.js";
import { MoharError } from "../errors.js";
import { route } from "./route.js";

export const SESSION_COOKIE = "mohar_session";
export const CSRF_HEADER = "x-mohar-csrf";
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;

interface Session {
  /** Kept server side only, and presented again on every request so a revoked key or an expired JWT stops working at once. */
  credential: string;
  csrf: string;
  expiresAt: number;
}

/**
 * Console sign-in: the browser never holds the API key or JWT. It exchanges it once for an
 * opaque random id in an HttpOnly, SameSite=Strict cookie; state-changing requests with that
 * cookie also need the session's CSRF token in X-Mohar-CSRF and, when the browser sends one,
 * a same-origin Origin header.
 */
export class ConsoleSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  create(credential: string): { id: string; csrf: string } {
    this.prune();
    if (this.sessions.size >= MAX_SESSIONS) throw new MoharError("console.too_many_sessions", "too many console sessions; try again later");
    const id = randomBytes(32).toString("base64url");
    const csrf = randomBytes(32).toString("base64url");
    this.sessions.set(id, { credential, csrf, expiresAt: this.now() + SESSION_TTL_MS });
    return { id, csrf };
  }

  get(id: string): Session | undefined {
    const s = this.sessions.get(id);
    if (s && s.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private prune(): void {
    const t = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= t) this.sessions.delete(id);
  }
}

export function sessionIdFrom(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function requireSameOrigin(req: Request): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = "";
  }
  if (host !== req.headers.host) throw new MoharError("console.cross_origin", "console requests must come from the console's own origin");
}

/** CSRF checks for a cookie-authenticated request; throws when it must be refused. */
export function checkCsrf(req: Request, session: Session): void {
  if (SAFE_METHODS.has(req.method)) return;
  requireSameOrigin(req);
  const token = req.headers[CSRF_HEADER];
  if (typeof token !== "string" || !sameToken(token, session.csrf)) {
    throw new MoharError("console.csrf", "this request needs the X-Mohar-CSRF header from the console session");
  }
}

/** The credential behind a valid session cookie (after the CSRF checks), or null when there is no cookie. */
export function sessionCredential(req: Request, sessions: ConsoleSessions): string | null {
  const id = sessionIdFrom(req);
  if (id === null) return null;
  const session = sessions.get(id);
  if (!session) throw new MoharError("console.session_expired", "the console session has expired or was signed out; sign in again");
  checkCsrf(req, session);
  return session.credential;
}

function describe(actor: Actor, csrf: string): Record<string, unknown> {
  return { actor: { id: actor.id, roles: actor.roles, ...(actor.officerId ? { officerId: actor.officerId } : {}) }, csrf };
}

function setCookie(req: Request, res: Response, value: string, maxAgeSeconds: number): void {
  const secure = req.secure ? "; Secure" : "";
  res.setHeader("Set-Cookie", `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`);
}

const signInSchema = z.object({ credential: z.string().trim().min(1).max(16 * 1024) }).strict();

/** POST/GET/DELETE /v1/console/session: sign in (JSON body only, so no HTML form can post it cross-site), who am I, sign out. */
export function consoleSessionRouter(sessions: ConsoleSessions, authenticator: Authenticator): Router {
  const r = Router();
  route(r, "consoleSignIn", express.json({ limit: "32kb" }), async (req, res) => {
    requireSameOrigin(req);
    if (!req.is("application/json")) throw new MoharError("console.json_required", "send the credential as JSON: {\"credential\": \"...\"}");
    const parsed = signInSchema.safeParse(req.body);
    if (!parsed.success) throw new MoharError("console.bad_sign_in", "send the credential as JSON: {\"credential\": \"...\"}");
    const actor = await authenticator.authenticate(parsed.data.credential);
    const { id, csrf } = sessions.create(parsed.data.credential);
    setCookie(req, res, id, SESSION_TTL_MS / 1000);
    res.status(201).json(describe(actor, csrf));
  });
  route(r, "consoleSessionInfo", async (req, res) => {
    const id = sessionIdFrom(req);
    const session = id === null ? undefined : sessions.get(id);
    // 200 either way: the console asks this on every load, and "not signed in" is no error.
    if (!session) {
      res.json({ actor: null, csrf: null });
      return;
    }
    res.json(describe(await authenticator.authenticate(session.credential), session.csrf));
  });
  route(r, "consoleSignOut", (req, res) => {
    const id = sessionIdFrom(req);
    const session = id === null ? undefined : sessions.get(id);
    if (session && id !== null) {
      checkCsrf(req, session);
      sessions.delete(id);
    }
    setCookie(req, res, "", 0);
    res.status(204).end();
  });
  return r;
}
