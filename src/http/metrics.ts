import type { RequestHandler, Router } from "express";
import { Router as makeRouter } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CosigningStatus } from "../audit/index.js";
import type { DeliveryObservation } from "../webhooks/index.js";
import type { TaskObservation } from "../worker/index.js";
import { route } from "./route.js";

/** The service's Prometheus metrics: HTTP, the actions it records, the audit log, the parse workers. */
export interface Metrics {
  registry: Registry;
  /** Records method, matched route and status of every request. */
  middleware: RequestHandler;
  /** GET /metrics (role admin or metrics). */
  router: Router;
  /** An audited action (document.sign, document.verify, ...) and how it ended. */
  action(action: string, outcome: "success" | "failure"): void;
  /** How long appending one audit entry took, durably. */
  auditAppend(seconds: number): void;
  /** A finished worker-pool task (parsing, verifying). */
  workerTask(task: TaskObservation): void;
  /** A CRL or OCSP fetch at signing (REVOCATION_FETCH), with its outcome. */
  revocationFetch(o: { kind: "crl" | "ocsp"; outcome: string; seconds: number }): void;
  /** A request to the RFC 3161 TSA, with its outcome. */
  tsaCall(o: { outcome: "ok" | "failed"; seconds: number }): void;
  /** A finished webhook delivery attempt. */
  webhookDelivery(o: DeliveryObservation): void;
}

const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * One registry per service instance, so tests that start several servers do not share counters.
 * Names follow Prometheus conventions: `_total` counters, `_seconds` histograms.
 */
export function createMetrics(opts: { workerQueue: () => number; cosigning?: () => CosigningStatus | null }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "mohar_" });
  const registers = [registry];
  const requests = new Counter({ name: "mohar_http_requests_total", help: "HTTP requests by method, route and status", labelNames: ["method", "route", "status"] as const, registers });
  const duration = new Histogram({ name: "mohar_http_request_duration_seconds", help: "HTTP request latency by method and route", labelNames: ["method", "route"] as const, buckets: SECONDS, registers });
  const actions = new Counter({ name: "mohar_actions_total", help: "Audited actions (signatures, verifications, uploads, downloads, ...) by outcome", labelNames: ["action", "outcome"] as const, registers });
  const appends = new Histogram({ name: "mohar_audit_append_duration_seconds", help: "Time to append one audit entry durably (batched with others)", buckets: SECONDS, registers });
  const tasks = new Histogram({ name: "mohar_worker_task_duration_seconds", help: "Worker-pool tasks (PDF parsing, verification) from queueing to result, by task and outcome", labelNames: ["task", "outcome"] as const, buckets: SECONDS, registers });
  const waits = new Histogram({ name: "mohar_worker_queue_wait_seconds", help: "Time worker-pool tasks waited for a free thread", labelNames: ["task"] as const, buckets: SECONDS, registers });
  const revocationFetches = new Histogram({
    name: "mohar_revocation_fetch_duration_seconds",
    help: "CRL and OCSP fetches at signing, by kind and outcome (ok, timeout, unreachable, http_error, too_large, ...)",
    labelNames: ["kind", "outcome"] as const,
    buckets: SECONDS,
    registers,
  });
  const tsaCalls = new Histogram({ name: "mohar_tsa_request_duration_seconds", help: "Requests to the RFC 3161 timestamping authority, by outcome", labelNames: ["outcome"] as const, buckets: SECONDS, registers });
  const deliveries = new Histogram({
    name: "mohar_webhook_delivery_duration_seconds",
    help: "Webhook delivery attempts, from sending to the receiver's status (or the timeout), by event type and outcome (delivered, retrying, failed)",
    labelNames: ["event", "outcome"] as const,
    buckets: SECONDS,
    registers,
  });
  new Gauge({
    name: "mohar_worker_queue_length",
    help: "Worker-pool tasks waiting for a free thread",
    registers,
    collect() {
      this.set(opts.workerQueue());
    },
  });

  if (opts.cosigning) cosigningGauges(opts.cosigning, registers);

  const middleware: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      // The matched route pattern keeps label cardinality bounded (ids are not labels).
      const matched = req.route ? `${req.baseUrl}${String(req.route.path)}` : "unmatched";
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      requests.inc({ method: req.method, route: matched, status: String(res.statusCode) });
      duration.observe({ method: req.method, route: matched }, seconds);
    });
    next();
  };

  const router = makeRouter();
  route(router, "metrics", async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return {
    registry,
    middleware,
    router,
    action: (action, outcome) => actions.inc({ action, outcome }),
    auditAppend: (seconds) => appends.observe(seconds),
    workerTask: (t) => {
      // "parsing the PDF" -> parsing_the_pdf: a bounded set of task names.
      const task = t.what.toLowerCase().replace(/[^a-z0-9]+/g, "_");
      tasks.observe({ task, outcome: t.outcome }, t.totalSeconds);
      waits.observe({ task }, t.queuedSeconds);
    },
    revocationFetch: (o) => revocationFetches.observe({ kind: o.kind, outcome: o.outcome }, o.seconds),
    tsaCall: (o) => tsaCalls.observe({ outcome: o.outcome }, o.seconds),
    webhookDelivery: (o) => deliveries.observe({ event: o.type, outcome: o.outcome }, o.seconds),
  };
}

/** Witness cosigning (AUDIT_WITNESSES): how far the published checkpoint lags the signed one, per witness too. */
function cosigningGauges(status: () => CosigningStatus | null, registers: Registry[]): void {
  new Gauge({
    name: "mohar_audit_cosigning_lag_seconds",
    help: "How long the newest signed audit checkpoint has waited for its witness quorum's cosignatures (0: published)",
    registers,
    collect() {
      this.set(status()?.lagSeconds ?? 0);
    },
  });
  new Gauge({
    name: "mohar_audit_checkpoint_size",
    help: "Tree size of the audit log's checkpoints: signed by the log, and published (cosigned by the witness quorum)",
    labelNames: ["checkpoint"] as const,
    registers,
    collect() {
      const s = status();
      if (!s) return;
      this.set({ checkpoint: "signed" }, s.size);
      if (s.publishedSize !== null) this.set({ checkpoint: "published" }, s.publishedSize);
    },
  });
  new Gauge({
    name: "mohar_audit_witness_cosigned_size",
    help: "Tree size of the newest audit checkpoint each witness cosigned (-1: none yet)",
    labelNames: ["witness"] as const,
    registers,
    collect() {
      for (const w of status()?.witnesses ?? []) this.set({ witness: w.name }, w.cosignedSize ?? -1);
    },
  });
}
