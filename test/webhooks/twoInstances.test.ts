import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPostgres, type TestPostgres } from "../helpers/postgres.js";
import { startTestServer, TEST_OFFICER_ID, type Role, type TestServer } from "../helpers/server.js";
import { startReceiver, type TestReceiver } from "./receiver.js";

/**
 * Two instances behind a load balancer share one PostgreSQL: both send the one outbox, in the
 * background, with the real clock and a fast backoff. A receiver that was down gets every event
 * once (no instance sends an attempt another holds), and one file's events in order although
 * the moves were made through both instances.
 */
describe("webhooks with two instances sharing PostgreSQL", () => {
  let pg: TestPostgres;
  let a: TestServer;
  let b: TestServer;
  let receiver: TestReceiver;

  beforeAll(async () => {
    pg = await startTestPostgres();
    const url = await pg.createDatabase("webhooks");
    receiver = await startReceiver(() => Math.floor(Date.now() / 1000));
    const env = { DATABASE_URL: url, WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32", WEBHOOK_POLL_MS: "20", WEBHOOK_RETRY_BASE_MS: "50", WEBHOOK_CONCURRENCY: "4" };
    a = await startTestServer(env);
    b = await startTestServer(env);
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await receiver?.close();
    await pg?.stop();
  });

  const post = (srv: TestServer, p: string, body: unknown, as: Role | { key: string }) =>
    srv.request(p, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, ...(typeof as === "string" ? { as } : { key: as.key }) });

  it("deliver each event once, in order per file", async () => {
    const made = (await (await post(a, "/v1/webhooks", { url: receiver.url, events: ["file.moved"] }, "admin")).json()) as { id: string; secret: string };
    receiver.secret = made.secret;
    receiver.mode = "503";
    const officerOnB = await b.createKey("officer", TEST_OFFICER_ID);
    const files: string[] = [];
    for (let i = 0; i < 3; i++) {
      const f = (await (await post(a, "/v1/files", { fileNumber: `F.No. ${i}/2026-Pool`, subject: "Shared outbox", office: "Estt" }, "clerk")).json()) as { id: string };
      files.push(f.id);
    }
    // Moves alternate between the instances: forward on a, receive on b, forward back to the clerk's section on a, ...
    for (const id of files) {
      expect((await post(a, `/v1/files/${id}/movements`, { toOfficer: TEST_OFFICER_ID }, "clerk")).status).toBe(201);
      expect((await post(b, `/v1/files/${id}/receive`, {}, { key: officerOnB })).status).toBe(200);
      expect((await post(b, `/v1/files/${id}/movements`, { toSection: "Estt-II" }, { key: officerOnB })).status).toBe(201);
      expect((await post(a, `/v1/files/${id}/receive`, {}, "clerk")).status).toBe(200);
    }
    await expect.poll(() => receiver.requests, { timeout: 10_000, interval: 50 }).toBeGreaterThan(6);
    receiver.mode = "up";
    await expect.poll(() => receiver.received.length, { timeout: 20_000, interval: 100 }).toBe(12);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(12);
    expect(receiver.badSignatures).toBe(0);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(12);
    for (const id of files) {
      expect(receiver.received.filter((r) => r.data.fileId === id).map((r) => `${String(r.data.action)}:${String(r.data.step)}`)).toEqual(["forwarded:2", "received:2", "forwarded:3", "received:4"]);
    }
  }, 60_000);
});
