import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPgliteDataDir } from "../helpers/pgliteTemplate.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, TEST_OFFICER_ID, type Role, type TestServer } from "../helpers/server.js";
import { startReceiver, type TestReceiver } from "./receiver.js";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const OTHER_OFFICER = "rajesh-verma";
const ALL_EVENTS = ["document.signed", "version.added", "file.moved", "file.overdue", "verification.failed"];

interface Delivery {
  id: number;
  eventId: string;
  type: string;
  orderingKey: string | null;
  state: string;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  attempts: { n: number; status: number | null; error: string | null }[];
}

describe("webhooks: a receiver down for 5 minutes gets every event once, in order per file", () => {
  // Monday 7 December 2026, 23:50 IST; the test moves this clock, nothing waits for real time.
  const start = Date.parse("2026-12-07T18:20:00Z");
  let t = start;
  const now = () => new Date(t);
  let srv: TestServer;
  let receiver: TestReceiver;
  let otherOfficer: string;
  let dataDir: string;

  beforeAll(async () => {
    receiver = await startReceiver(() => Math.floor(t / 1000));
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-webhooks-"));
    await seedPgliteDataDir(dataDir);
    // Polling far apart: the test sends the outbox itself, step by step with its clock.
    srv = await startTestServer({ DATA_DIR: dataDir, WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32", WEBHOOK_POLL_MS: "3600000", WEBHOOK_RETRY_BASE_MS: "5000" }, { now });
    otherOfficer = await srv.createKey("officer", OTHER_OFFICER);
  });
  afterAll(async () => {
    await srv?.close();
    await receiver?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const post = (p: string, body: unknown, as: Role | { key: string }) =>
    srv.request(p, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, ...(typeof as === "string" ? { as } : { key: as.key }) });
  const ok = async (res: Response | Promise<Response>, status: number) => {
    const r = await res;
    expect(r.status, await r.clone().text()).toBe(status);
    return (await r.json()) as Record<string, unknown>;
  };
  const deliveries = async (wid: string): Promise<Delivery[]> => (await ok(srv.request(`/v1/webhooks/${wid}/deliveries?limit=1000`, { as: "admin" }), 200)).deliveries as Delivery[];
  /** Moves the clock by `ms` and lets the dispatcher send what is due. */
  const tick = async (ms: number) => {
    t += ms;
    await srv.running.background.webhooks.runOnce();
  };

  it("queues while the receiver is down, retries with backoff, then delivers each event once, signed, in order", async () => {
    const created = await ok(post("/v1/webhooks", { url: receiver.url, events: ALL_EVENTS, description: "e-Office Estt" }, "admin"), 201);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    receiver.secret = created.secret as string;
    const wid = created.id as string;
    // The secret is shown once: neither the list nor the subscription carries it again.
    expect(JSON.stringify(await ok(srv.request("/v1/webhooks", { as: "admin" }), 200))).not.toContain(receiver.secret);
    expect(await ok(srv.request(`/v1/webhooks/${wid}`, { as: "admin" }), 200)).not.toHaveProperty("secret");

    receiver.mode = "down";
    // Two files moving, interleaved; one falls overdue; a document is uploaded, signed, and a tampered copy fails verification.
    const f1 = await ok(post("/v1/files", { fileNumber: "F.No. 1/2026-Estt.", subject: "Leave rules", office: "Estt" }, "clerk"), 201);
    const f2 = await ok(post("/v1/files", { fileNumber: "F.No. 2/2026-Estt.", subject: "Transfers", office: "Estt" }, "clerk"), 201);
    await ok(post(`/v1/files/${f1.id}/movements`, { toOfficer: TEST_OFFICER_ID, dueDate: "2026-12-07" }, "clerk"), 201);
    await ok(post(`/v1/files/${f2.id}/movements`, { toSection: "Estt-II" }, "clerk"), 201);
    await ok(post(`/v1/files/${f1.id}/receive`, {}, "officer"), 200);
    await ok(post(`/v1/files/${f2.id}/receive`, {}, "clerk"), 200);
    await ok(post(`/v1/files/${f1.id}/movements`, { toOfficer: OTHER_OFFICER, remarks: "for approval", dueDate: "2026-12-07" }, "officer"), 201);
    await ok(post(`/v1/files/${f1.id}/receive`, {}, { key: otherOfficer }), 200);

    const form = new FormData();
    form.append("title", "Leave order");
    form.append("fileNumber", "F.No. 1/2026-Estt.");
    form.append("kind", "letter");
    form.append("file", new Blob([await makePdf()], { type: "application/pdf" }), "order.pdf");
    const doc = await ok(srv.request("/v1/documents", { method: "POST", body: form, as: "clerk" }), 201);
    await ok(post(`/v1/documents/${doc.id}/signatures`, { officerId: TEST_OFFICER_ID, reason: "Approved" }, "officer"), 201);
    const signed = Buffer.from(await (await srv.request(`/v1/documents/${doc.id}/versions/2/content`, { as: "clerk" })).arrayBuffer());
    signed[200] = signed[200] === 0x41 ? 0x42 : 0x41;
    const verifyForm = new FormData();
    verifyForm.append("file", new Blob([signed], { type: "application/pdf" }), "tampered.pdf");
    expect((await ok(srv.request("/v1/verify", { method: "POST", body: verifyForm, as: "auditor" }), 200)).status).toBe("TOTAL_FAILED");

    // After midnight f1 is overdue with its holder: told once, however often the check runs.
    t += 15 * 60 * 1000;
    expect(await srv.running.background.checkOverdue()).toBe(1);
    expect(await srv.running.background.checkOverdue()).toBe(0);

    // Down for 5 minutes: attempts fail and back off; nothing reaches the receiver.
    for (let elapsed = 0; elapsed < 5 * 60 * 1000; elapsed += 20_000) await tick(20_000);
    expect(receiver.received).toEqual([]);
    expect(receiver.requests).toBeGreaterThan(0);
    const waiting = await deliveries(wid);
    expect(waiting).toHaveLength(10);
    expect(waiting.every((d) => d.state === "pending")).toBe(true);
    // Per file, only the first event is attempted; the later ones wait behind it.
    const firstOfF1 = waiting.filter((d) => d.orderingKey === `file:${f1.id}`).at(-1) as Delivery;
    expect(firstOfF1.attempts.length).toBeGreaterThanOrEqual(5);
    expect(firstOfF1.lastError).toMatch(/ECONNRESET|socket hang up/);
    expect(new Date(firstOfF1.nextAttemptAt as string).getTime()).toBeGreaterThan(t);
    expect(waiting.filter((d) => d.orderingKey === `file:${f1.id}`).slice(0, -1).every((d) => d.attempts.length === 0)).toBe(true);

    receiver.mode = "up";
    for (let i = 0; i < 30 && (await deliveries(wid)).some((d) => d.state !== "delivered"); i++) await tick(30_000);

    const log = await deliveries(wid);
    expect(log.map((d) => d.state)).toEqual(Array(10).fill("delivered"));
    expect(receiver.badSignatures).toBe(0);
    // Every event exactly once.
    const ids = receiver.received.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(log.map((d) => d.eventId)));
    // In order per file (and per document): as recorded.
    const byKey = (key: string, list: { key: string | null; id: string }[]) => list.filter((x) => x.key === key).map((x) => x.id);
    const recorded = [...log].reverse().map((d) => ({ key: d.orderingKey, id: d.eventId }));
    const arrived = receiver.received.map((r) => ({ key: log.find((d) => d.eventId === r.id)?.orderingKey ?? null, id: r.id }));
    for (const key of [`file:${f1.id}`, `file:${f2.id}`, `document:${doc.id}`]) expect(byKey(key, arrived)).toEqual(byKey(key, recorded));
    const f1Events = receiver.received.filter((r) => r.data.fileId === f1.id);
    expect(f1Events.map((r) => `${r.type}:${String(r.data.action ?? "")}`)).toEqual([
      "file.moved:forwarded",
      "file.moved:received",
      "file.moved:forwarded",
      "file.moved:received",
      "file.overdue:",
    ]);
    expect(f1Events[2]?.data).toMatchObject({ from: { kind: "officer", id: TEST_OFFICER_ID }, to: { kind: "officer", id: OTHER_OFFICER }, step: 3 });
    expect(receiver.received.filter((r) => r.type === "file.overdue")[0]?.data).toMatchObject({ fileId: f1.id, dueDate: "2026-12-07", holder: { kind: "officer", id: OTHER_OFFICER } });
    expect(receiver.received.filter((r) => r.data.documentId === doc.id).map((r) => r.type)).toEqual(["version.added", "document.signed"]);
    expect(receiver.received.find((r) => r.type === "document.signed")?.data).toMatchObject({ documentId: doc.id, version: 2, signedVersion: 1, officerId: TEST_OFFICER_ID });
    expect(receiver.received.find((r) => r.type === "verification.failed")?.data).toMatchObject({ status: "TOTAL_FAILED", documentId: null });
    // Each attempt is signed at its own time: the last one's timestamp is the clock's now.
    expect(Math.max(...receiver.received.map((r) => r.timestamp))).toBeGreaterThan((start + 20 * 60 * 1000) / 1000);

    // Redeliver: the same event (same webhook-id) once more, as a new delivery.
    const first = log.at(-1) as Delivery;
    const again = await ok(post(`/v1/webhooks/${wid}/deliveries/${first.id}/redeliver`, {}, "admin"), 202);
    expect(again).toMatchObject({ eventId: first.eventId, state: "pending", attempts: [] });
    expect((await post(`/v1/webhooks/${wid}/deliveries/${again.id as number}/redeliver`, {}, "admin")).status).toBe(409);
    await tick(1000);
    expect(receiver.received.filter((r) => r.id === first.eventId)).toHaveLength(2);

    const metrics = await (await srv.request("/metrics", { as: "admin" })).text();
    expect(metrics).toMatch(/mohar_webhook_delivery_duration_seconds_count\{event="file.moved",outcome="delivered"\} 7/);
    expect(metrics).toMatch(/mohar_webhook_delivery_duration_seconds_count\{event="[a-z.]+",outcome="retrying"\} [1-9]/);
    expect(metrics).toMatch(/mohar_webhook_delivery_duration_seconds_bucket\{le="0.005",event="file.moved",outcome="delivered"\}/);
  });

  it("tells a document's versions in the order of their numbers when two signings overlap", async () => {
    const second = await startReceiver(() => Math.floor(t / 1000));
    try {
      const created = await ok(post("/v1/webhooks", { url: second.url, events: ["document.signed"] }, "admin"), 201);
      second.secret = created.secret as string;
      const form = new FormData();
      form.append("title", "Transfer order");
      form.append("fileNumber", "F.No. 2/2026-Estt.");
      form.append("kind", "letter");
      form.append("file", new Blob([await makePdf()], { type: "application/pdf" }), "transfer.pdf");
      const doc = await ok(srv.request("/v1/documents", { method: "POST", body: form, as: "clerk" }), 201);

      // The first signing's audit entry is slow: it has stored version 2 and waits while a second
      // signing stores version 3, writes its entry and answers first.
      const audit = srv.running.services.audit;
      const append = audit.append.bind(audit);
      let letFirstFinish = () => {};
      const firstMayFinish = new Promise<void>((resolve) => (letFirstFinish = resolve));
      let firstWaiting = () => {};
      const firstIsWaiting = new Promise<void>((resolve) => (firstWaiting = resolve));
      audit.append = async (event) => {
        if (event.documentId === doc.id && event.version === 2 && event.outcome === "success") {
          firstWaiting();
          await firstMayFinish;
        }
        return append(event);
      };
      try {
        const first = ok(post(`/v1/documents/${doc.id}/signatures`, { officerId: TEST_OFFICER_ID, reason: "Seen" }, "officer"), 201);
        await firstIsWaiting;
        expect(await ok(post(`/v1/documents/${doc.id}/signatures`, { officerId: TEST_OFFICER_ID, reason: "Approved" }, "officer"), 201)).toMatchObject({ version: 3 });
        // Version 3 is durable, version 2 not yet: neither goes out, version 3 waits behind 2.
        await tick(1000);
        expect(second.received).toEqual([]);
        letFirstFinish();
        expect(await first).toMatchObject({ version: 2 });
      } finally {
        audit.append = append;
      }
      await tick(1000);
      expect(second.received.map((r) => [r.type, r.data.documentId, r.data.version, r.data.signedVersion])).toEqual([
        ["document.signed", doc.id, 2, 1],
        ["document.signed", doc.id, 3, 2],
      ]);
      expect(second.badSignatures).toBe(0);

      // A version whose audit entry fails is taken back, and its held event with it: never told,
      // even after the hold would have run out; the next version is told as usual.
      audit.append = async (event) => {
        if (event.documentId === doc.id && event.version === 4 && event.outcome === "success") throw new Error("the audit log's store is out");
        return append(event);
      };
      try {
        expect((await post(`/v1/documents/${doc.id}/signatures`, { officerId: TEST_OFFICER_ID }, "officer")).status).toBeGreaterThanOrEqual(500);
      } finally {
        audit.append = append;
      }
      expect((await ok(srv.request(`/v1/documents/${doc.id}`, { as: "clerk" }), 200)).versions).toHaveLength(3);
      await tick(2 * 60_000);
      expect(second.received).toHaveLength(2);
      const fourth = await ok(post(`/v1/documents/${doc.id}/signatures`, { officerId: TEST_OFFICER_ID }, "officer"), 201);
      await tick(1000);
      expect(second.received.map((r) => [r.data.version, r.data.sha256])).toEqual([
        [2, expect.any(String)],
        [3, expect.any(String)],
        [4, fourth.sha256],
      ]);
    } finally {
      await second.close();
    }
  });
});
