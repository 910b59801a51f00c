import type { Role } from "./roles.js";

/** Who is making a request, as established by authentication. */
export interface Actor {
  /** Stable id recorded in the audit log: `apikey:<keyId>` or the JWT `sub`. */
  id: string;
  roles: Role[];
  /** The officer whose certificate this actor may sign with, if any. */
  officerId?: string;
  /** How it proved who it is; `cli`: an operator at the console of the data directory (`mohar sign --document`). */
  authMethod: "api-key" | "jwt" | "cli";
}
