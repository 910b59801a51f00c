import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MoharError } from "../../src/errors.js";
import { audited } from "../../src/http/auditTrail.js";
import { createMetrics } from "../../src/http/metrics.js";
import { problemHandler } from "../../src/http/problem.js";
import { logFixture, type LogFixture } from "./fixtures.js";

describe("audited routes", () => {
  let f: LogFixture;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    f = await logFixture();
    const services = { audit: f.log, metrics: createMetrics({ workerQueue: () => 0 }) };
    const app = express();
    app.use((req, _res, next) => {
      if (req.headers["x-user"]) (req as unknown as { actor: { id: string } }).actor = { id: String(req.headers["x-user"]) };
      next();
    });
    app.get(
      "/docs/:id",
      audited(services, "getVersionContent", async (req, res, audit) => {
        if (req.params.id === "missing") throw new MoharError("document.not_found", "document missing does not exist");
        if (req.params.id === "crash") throw new Error("secret internals");
        await audit({ documentId: String(req.params.id), version: 1 });
        res.json({ ok: true });
      }),
    );
    app.use(problemHandler);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await f.log.close();
    await f.cleanup();
  });

  it("records successes with the actor, and failed attempts with the error code", async () => {
    expect((await fetch(`${base}/docs/doc-9`, { headers: { "x-user": "officer-3" } })).status).toBe(200);
    expect((await fetch(`${base}/docs/missing`)).status).toBe(404);
    expect((await fetch(`${base}/docs/crash`)).status).toBe(500);
    // An id that cannot be an audit documentId: the attempt is refused, and still recorded.
    expect((await fetch(`${base}/docs/${encodeURIComponent("bad id!")}`)).status).toBe(400);
    const entries = await f.log.entries(0, 10);
    expect(entries.map((e) => [e.actor, e.action, e.documentId, e.outcome, e.detail])).toEqual([
      ["officer-3", "document.download", "doc-9", "success", undefined],
      ["anonymous", "document.download", "missing", "failure", "document.not_found: document missing does not exist"],
      ["anonymous", "document.download", "crash", "failure", "internal: an internal error occurred; it has been logged"],
      ["anonymous", "document.download", undefined, "failure", expect.stringContaining("audit.bad_event")],
    ]);
  });
});
