import type { RequestHandler, Router } from "express";
import { idempotencyStep } from "./idempotency.js";
import { ROUTES, type RouteId, type RouteSpec } from "./routeTable.js";

/**
 * Mounts a route's handlers on `r` at the method and path its entry in the route table gives. An
 * authenticated POST honours Idempotency-Key, checked between its body parsers and its action.
 */
export function route(r: Router, id: RouteId, ...handlers: RequestHandler[]): void {
  const spec: RouteSpec = ROUTES[id];
  const action = handlers.at(-1);
  const steps = spec.method === "post" && spec.access !== "public" && action ? [...handlers.slice(0, -1), idempotencyStep(id), action] : handlers;
  r[spec.method](spec.path, ...steps);
}

/** The audit action of a route: declared in the route table, never beside the handler. */
export function auditActionOf(id: RouteId): string {
  const action = (ROUTES[id] as RouteSpec).audit;
  if (!action) throw new Error(`route ${id} has no audit action in the route table`);
  return action;
}
