export { ROLES, isRole, type Role } from "./roles.js";
export type { Actor } from "./actor.js";
export { API_KEY_PREFIX, parseApiKey } from "./apiKeyFormat.js";
export { ApiKeyStore, insertApiKey, publicRecord, recordSchema as apiKeyRecordSchema, type ApiKeyRecord, type NewApiKey, type PublicApiKey } from "./apiKeyStore.js";
export { createJwtVerifier, type JwtVerifier } from "./jwtVerifier.js";
export { createAuthenticator, type Authenticator } from "./authenticator.js";
export { assertMayActAsOfficer } from "./officerBinding.js";
