import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPgliteDataDir } from "../helpers/pgliteTemplate.js";
import { startTestServer, TEST_OFFICER_ID, type Role, type TestServer } from "../helpers/server.js";
import { startReceiver, type TestReceiver } from "./receiver.js";

const TIMEOUT_MS = 4000;

describe("webhook subscriptions", () => {
  let srv: TestServer;
  let receiver: TestReceiver;
  let dataDir: string;

  beforeAll(async () => {
    receiver = await startReceiver(() => Math.floor(Date.now() / 1000));
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-webhooks-"));
    await seedPgliteDataDir(dataDir);
    // The real clock and the background sender, polling often.
    srv = await startTestServer({ DATA_DIR: dataDir, WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32", WEBHOOK_POLL_MS: "50", WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS) });
  });
  afterAll(async () => {
    await srv?.close();
    await receiver?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const post = (p: string, body: unknown, as: Role) => srv.request(p, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, as });
  const subscribe = (body: unknown, as: Role = "admin") => post("/v1/webhooks", body, as);
  const codeOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { code: string }).code });

  it("are for admins only, refuse bad input and receivers that are not allowed, and can be disabled and deleted", async () => {
    for (const role of ["clerk", "officer", "auditor"] as const) expect((await subscribe({ url: receiver.url, events: ["file.moved"] }, role)).status).toBe(403);
    expect((await srv.request("/v1/webhooks", { as: "auditor" })).status).toBe(403);
    expect(await codeOf(await subscribe({ url: receiver.url, events: [] }))).toEqual({ status: 400, code: "webhook.bad_input" });
    expect(await codeOf(await subscribe({ url: receiver.url, events: ["file.deleted"] }))).toEqual({ status: 400, code: "webhook.bad_input" });
    expect(await codeOf(await subscribe({ url: receiver.url, events: ["file.moved"], secret: "mine" }))).toEqual({ status: 400, code: "webhook.bad_input" });
    for (const url of ["http://10.0.0.1/hook", "http://[::1]:8080/hook", "http://169.254.169.254/latest/meta-data", "ftp://127.0.0.1/hook", "http://127.0.0.2/hook"]) {
      expect(await codeOf(await subscribe({ url, events: ["file.moved"] })), url).toEqual({ status: 422, code: "webhook.url_refused" });
    }
    const made = (await (await subscribe({ url: receiver.url, events: ["file.moved", "file.moved"] })).json()) as { id: string; events: string[] };
    expect(made.events).toEqual(["file.moved"]);
    expect((await srv.request(`/v1/webhooks/${made.id}`, { as: "admin" })).status).toBe(200);
    expect(await (await post(`/v1/webhooks/${made.id}/disable`, {}, "admin")).json()).toMatchObject({ enabled: false, disabledReason: `disabled by ${srv.actorIds.admin}` });
    expect(await (await post(`/v1/webhooks/${made.id}/enable`, {}, "admin")).json()).toMatchObject({ enabled: true, disabledReason: null });
    expect((await srv.request(`/v1/webhooks/${made.id}`, { method: "DELETE", as: "admin" })).status).toBe(204);
    expect(await codeOf(await srv.request(`/v1/webhooks/${made.id}`, { as: "admin" }))).toEqual({ status: 404, code: "webhook.not_found" });
    expect(await codeOf(await post(`/v1/webhooks/${made.id}/deliveries/1/redeliver`, {}, "admin"))).toEqual({ status: 404, code: "webhook.not_found" });
    // Changes are audited, the secret never.
    const audit = JSON.stringify(await (await srv.request("/v1/audit/entries?from=0&to=1000", { as: "auditor" })).json());
    expect(audit).toContain("webhook.create");
    expect(audit).toContain("webhook.delete");
    expect(audit).not.toContain("whsec_");
  });

  it("a receiver that never answers does not slow requests; the attempt times out in the background and is logged", async () => {
    const made = (await (await subscribe({ url: receiver.url, events: ["file.moved"] })).json()) as { id: string; secret: string };
    receiver.secret = made.secret;
    receiver.mode = "hang";
    const file = (await (await post("/v1/files", { fileNumber: "F.No. 9/2026-Estt.", subject: "Hanging receiver", office: "Estt" }, "clerk")).json()) as { id: string };
    const started = Date.now();
    const res = await post(`/v1/files/${file.id}/movements`, { toOfficer: TEST_OFFICER_ID }, "clerk");
    const took = Date.now() - started;
    expect(res.status).toBe(201);
    // Had the request waited for the receiver, it would have taken the whole attempt timeout.
    expect(took).toBeLessThan(TIMEOUT_MS);
    await expect.poll(() => receiver.requests, { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);
    const logged = async () =>
      ((await (await srv.request(`/v1/webhooks/${made.id}/deliveries`, { as: "admin" })).json()) as { deliveries: { attempts: { error: string | null }[]; state: string }[] }).deliveries;
    await expect.poll(async () => (await logged())[0]?.attempts[0]?.error, { timeout: TIMEOUT_MS + 10_000, interval: 200 }).toBe(`no answer within ${TIMEOUT_MS} ms`);
    expect((await logged())[0]?.state).toBe("pending");

    // Disabled, no new events are queued for it.
    await post(`/v1/webhooks/${made.id}/disable`, {}, "admin");
    await post(`/v1/files/${file.id}/receive`, {}, "officer");
    expect(await logged()).toHaveLength(1);
  }, 40_000);
});
