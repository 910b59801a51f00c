import path from "node:path";
import type { Env } from "./configEnv.js";

/** Bearer JWTs from the e-Office identity provider, verified offline against local key files. */
export interface JwtConfig {
  keySource: { kind: "jwks"; file: string } | { kind: "pem"; file: string };
  issuer: string;
  audience: string;
  rolesClaim: string;
  officerClaim: string;
  algorithms: string[];
}

export interface AuthConfig {
  /** Absent when no IdP keys are configured: only API keys are accepted then. */
  jwt?: JwtConfig;
  rateLimitPerMinute: number;
}

/** JWT_* and RATE_LIMIT_PER_MINUTE as the authenticator's settings. */
export function authConfig(e: Env): AuthConfig {
  const keyFile = e.JWT_JWKS_FILE ?? e.JWT_PUBLIC_KEY_FILE;
  const jwt: JwtConfig | undefined = keyFile
    ? {
        keySource: e.JWT_JWKS_FILE ? { kind: "jwks", file: path.resolve(keyFile) } : { kind: "pem", file: path.resolve(keyFile) },
        issuer: e.JWT_ISSUER as string,
        audience: e.JWT_AUDIENCE as string,
        rolesClaim: e.JWT_ROLES_CLAIM,
        officerClaim: e.JWT_OFFICER_CLAIM,
        algorithms: e.JWT_ALGORITHMS,
      }
    : undefined;
  return { jwt, rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE };
}
