import { createPublicKey, type KeyObject } from "node:crypto";
import fs from "node:fs/promises";
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { JwtConfig } from "../config.js";
import { MoharError } from "../errors.js";
import type { Actor } from "./actor.js";
import { isRole } from "./roles.js";

export interface JwtVerifier {
  verify(token: string): Promise<Actor>;
}

/**
 * Verifies bearer JWTs from the e-Office IdP against keys read once from local files (no
 * network fetch). Only the configured asymmetric algorithms are accepted, so `alg: none`
 * and HMAC-with-the-public-key confusion are rejected; `exp`, `iss`, `aud` and `sub` are required.
 */
export async function createJwtVerifier(config: JwtConfig): Promise<JwtVerifier> {
  const key = await loadKey(config);
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        const opts = {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: config.algorithms,
          requiredClaims: ["exp", "sub"],
          clockTolerance: 5,
        };
        ({ payload } = typeof key === "function" ? await jwtVerify(token, key, opts) : await jwtVerify(token, key, opts));
      } catch (err) {
        throw new MoharError("auth.invalid_token", `the bearer token was rejected: ${describe(err)}`);
      }
      const rawRoles = payload[config.rolesClaim];
      const roles = Array.isArray(rawRoles) ? [...new Set(rawRoles.filter(isRole))] : [];
      const officerId = payload[config.officerClaim];
      return {
        // Namespaced like API keys' "apikey:<id>": a token whose sub is "apikey:..." cannot pass
        // for an API key in the audit log or share its rate-limit budget.
        id: `jwt:${payload.sub as string}`,
        roles,
        ...(typeof officerId === "string" && officerId !== "" ? { officerId } : {}),
        authMethod: "jwt",
      };
    },
  };
}

async function loadKey(config: JwtConfig): Promise<JWTVerifyGetKey | KeyObject> {
  const text = await fs.readFile(config.keySource.file, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new Error(`cannot read the JWT key file ${config.keySource.file}: ${err.code ?? err.message}`);
  });
  try {
    if (config.keySource.kind === "jwks") return createLocalJWKSet(JSON.parse(text) as JSONWebKeySet);
    return createPublicKey(text);
  } catch (err) {
    throw new Error(`the JWT key file ${config.keySource.file} is not a valid ${config.keySource.kind === "jwks" ? "JWKS" : "PEM public key"}: ${(err as Error).message}`, { cause: err });
  }
}

/** A short reason that is safe to return: names the failed check, never echoes the token. */
function describe(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return "it has expired";
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim ${err.claim} is not acceptable`;
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return "its signing algorithm is not accepted";
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return "its signature does not verify";
  if (err instanceof joseErrors.JWKSNoMatchingKey) return "no configured key matches it";
  if (err instanceof joseErrors.JWTInvalid || err instanceof joseErrors.JWSInvalid) return "it is not a well-formed JWT";
  return "it could not be verified";
}
