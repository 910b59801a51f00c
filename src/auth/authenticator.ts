import type { AuthConfig } from "../config.js";
import { MoharError } from "../errors.js";
import type { Kysely } from "kysely";
import type { Database } from "../db/index.js";
import type { Actor } from "./actor.js";
import { API_KEY_PREFIX } from "./apiKeyFormat.js";
import { ApiKeyStore } from "./apiKeyStore.js";
import { createJwtVerifier, type JwtVerifier } from "./jwtVerifier.js";

/** Turns a presented credential (API key or JWT) into an Actor, or throws `unauthenticated`. */
export interface Authenticator {
  readonly apiKeys: ApiKeyStore;
  authenticate(credential: string): Promise<Actor>;
}

export async function createAuthenticator(config: AuthConfig, db: Kysely<Database>): Promise<Authenticator> {
  const apiKeys = new ApiKeyStore(db);
  const jwt: JwtVerifier | undefined = config.jwt ? await createJwtVerifier(config.jwt) : undefined;
  return {
    apiKeys,
    async authenticate(credential) {
      if (credential.startsWith(API_KEY_PREFIX)) return apiKeys.authenticate(credential);
      if (!jwt) throw new MoharError("auth.jwt_not_configured", "bearer JWTs are not accepted by this server (no identity provider keys are configured); use an API key");
      return jwt.verify(credential);
    },
  };
}
