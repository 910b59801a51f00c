import type { Role } from "./roles.js";

/** Who is making a request, as established by authentication. */
export interface Actor {
  /** Stable id recorded in the audit log: `apikey:<keyId>` or the JWT `sub`. */
  id: string;
  roles: Role[];
  /** The officer whose certificate this actor may sign with, if any. */
  officerId?: string;
  authMethod: "api-key" | "jwt";
}
