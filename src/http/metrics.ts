import type { RequestHandler, Router } from "express";
import { Router as makeRouter } from "express";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import { route } from "./route.js";

export interface HttpMetrics {
  registry: Registry;
  /** Records method, matched route and status of every request. */
  middleware: RequestHandler;
  router: Router;
}

/** One registry per app instance, so tests that start several servers do not share counters. */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "mohar_" });
  const requests = new Counter({
    name: "mohar_http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "mohar_http_request_duration_seconds",
    help: "HTTP request latency by method and route",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      // The matched route pattern keeps label cardinality bounded (ids are not labels).
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : "unmatched";
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      duration.observe({ method: req.method, route }, seconds);
    });
    next();
  };

  const router = makeRouter();
  route(router, "metrics", async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return { registry, middleware, router };
}
