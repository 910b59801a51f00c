import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditLog } from "../../src/audit/index.js";
import { MoharError } from "../../src/errors.js";
import { healthRouter } from "../../src/http/health.js";
import type { ObjectStore } from "../../src/store/index.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

describe("health endpoints", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  it("reports liveness and readiness", async () => {
    expect((await srv.request("/healthz")).status).toBe(200);
    const ready = await srv.request("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("answers unknown routes with problem+json", async () => {
    const res = await srv.request("/nope", { as: "admin" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { detail: string };
    expect(body.detail).toContain("/nope");
  });
});

describe("metrics", () => {
  it("exposes Prometheus metrics with per-route request counts", async () => {
    const srv = await startTestServer();
    try {
      await srv.request("/healthz");
      await srv.request("/healthz");
      const res = await srv.request("/metrics", { as: "admin" });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
      const text = await res.text();
      expect(text).toMatch(/mohar_http_requests_total\{method="GET",route="\/healthz",status="200"\} 2/);
      expect(text).toContain("mohar_process_cpu_seconds_total");
    } finally {
      await srv.close();
    }
  });
});

describe("readiness and the database", () => {
  // The route as the service mounts it, with the object store and the audit log ready, and a
  // database that answers as the embedded one does after a failed log sync, or not at all.
  async function readyz(databasePing: () => Promise<void>): Promise<{ status: number; body: { code?: string; status?: string } }> {
    const app = express();
    const store = { ping: async () => undefined } as unknown as ObjectStore;
    app.use(healthRouter(store, { readiness: () => ({ ready: true }) } as unknown as Pick<AuditLog, "readiness">, () => false, databasePing));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      return { status: res.status, body: (await res.json()) as { code?: string; status?: string } };
    } finally {
      server.close();
    }
  }

  it("is ready when the database answers", async () => {
    expect(await readyz(async () => undefined)).toEqual({ status: 200, body: { status: "ready" } });
  });

  it("answers 503 database.not_durable once the embedded database could not sync its log", async () => {
    const res = await readyz(async () => {
      throw new MoharError("database.not_durable", "the embedded database could not sync its log to disk");
    });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe("database.not_durable");
  });

  it("answers 503 database.unavailable when the database cannot be reached, naming nothing of it", async () => {
    const res = await readyz(async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe("database.unavailable");
    expect(JSON.stringify(res.body)).not.toContain("5432");
  });
});
