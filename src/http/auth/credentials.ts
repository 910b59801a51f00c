import type { Request } from "express";
import { MoharError } from "../../errors.js";

/** Query parameters that look like someone tried to pass a credential in the URL. */
const CREDENTIAL_PARAMS = new Set(["api_key", "apikey", "api-key", "x-api-key", "key", "token", "access_token", "id_token", "jwt", "bearer", "authorization"]);
const CREDENTIAL_VALUE = /^(mohar_|eyJ[\w-]*\.[\w-]*\.)/;

export function looksLikeCredentialParam(name: string, value: unknown): boolean {
  return CREDENTIAL_PARAMS.has(name.toLowerCase()) || (typeof value === "string" && CREDENTIAL_VALUE.test(value));
}

/**
 * URLs end up in logs, browser history and proxies, so a credential there is refused outright
 * (and the request logger scrubs it, see logging.ts).
 */
export function rejectCredentialsInQuery(req: Request): void {
  const query = req.query as Record<string, unknown>;
  for (const [name, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => looksLikeCredentialParam(name, v))) {
      throw new MoharError(
        "auth.credential_in_query",
        `credentials are never accepted in the query string (parameter "${name}"); send the key in the Authorization: Bearer header or the X-API-Key header`,
      );
    }
  }
}

/** The presented credential from `Authorization: Bearer` or `X-API-Key`, or null if none. */
export function credentialFrom(req: Request): string | null {
  // Node keeps only the first of repeated Authorization / X-API-Key headers: count them in the raw ones.
  const repeated = ["authorization", "x-api-key"].some((h) => req.rawHeaders.filter((v, i) => i % 2 === 0 && v.toLowerCase() === h).length > 1);
  if (repeated) throw new MoharError("auth.two_credentials", "send one credential: the Authorization or X-API-Key header appears more than once");
  const authorization = req.headers.authorization;
  const apiKey = req.headers["x-api-key"];
  if (typeof apiKey === "string" && authorization !== undefined) {
    throw new MoharError("auth.two_credentials", "send one credential: either Authorization or X-API-Key, not both");
  }
  if (typeof apiKey === "string") {
    const key = apiKey.trim();
    if (!key) throw new MoharError("auth.empty_credential", "the X-API-Key header is empty");
    return key;
  }
  if (authorization === undefined) return null;
  const m = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!m) throw new MoharError("auth.bad_scheme", "the Authorization header must be 'Bearer <API key or token>'");
  return m[1] as string;
}
