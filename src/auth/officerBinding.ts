import { MoharError } from "../errors.js";
import type { Actor } from "./actor.js";

/**
 * An officer's key signs only at that officer's own request: the caller must be bound to
 * exactly this officer id. No role (admin included) may sign as someone else.
 */
export function assertMayActAsOfficer(actor: Actor, officerId: string): void {
  if (!actor.roles.includes("officer") && !actor.roles.includes("admin")) {
    throw new MoharError("auth.role", "signing requires the officer role");
  }
  if (actor.officerId === undefined || actor.officerId !== officerId) {
    throw new MoharError("auth.not_this_officer", `the caller may not sign as officer ${officerId}; an officer signs only with their own certificate`);
  }
}
