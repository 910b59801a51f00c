export { authenticate } from "./authenticate.js";
export { requireRole } from "./requireRole.js";
export { accessPolicy, ACCESS_POLICY, matchedRoute, type MatchedRoute, type RouteAccess } from "./accessPolicy.js";
export { rateLimit } from "./rateLimit.js";
export { rejectCredentialsInQuery, looksLikeCredentialParam } from "./credentials.js";
