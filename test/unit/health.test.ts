import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
