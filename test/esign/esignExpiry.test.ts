import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { aadhaarOf, deliver, throughEsp, upload, type Started } from "./helpers.js";

const MIN = 60_000;

describe("eSign transactions against the clock (the ESP down, slow or the officer away)", () => {
  let srv: TestServer;
  let offset = 0;
  const move = (ms: number) => void (offset += ms);
  beforeAll(async () => {
    srv = await startTestServer({}, { now: () => new Date(Date.now() + offset) });
  });
  afterAll(async () => {
    await srv?.close();
  });

  const start = async (): Promise<{ id: string; started: Started }> => {
    const id = await upload(srv);
    const res = await srv.request(`/v1/documents/${id}/esign`, { method: "POST", as: "officer", body: JSON.stringify({ officerId: "anita-sharma" }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(201);
    return { id, started: (await res.json()) as Started };
  };
  const statusOf = async (txn: string) => (await (await srv.request(`/v1/esign/transactions/${txn}`, { as: "officer" })).json()) as { status: string; documents: Array<{ status: string }> };
  const versions = async (id: string): Promise<number> => ((await (await srv.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: unknown[] }).versions.length;

  it("a transaction the ESP never answers expires after ESIGN_TIMEOUT_MS (15 minutes by default) and says so", async () => {
    offset = 0;
    const before = Date.now();
    const { started } = await start();
    expect(Date.parse(started.expiresAt) - before).toBeGreaterThanOrEqual(15 * MIN - 1000);
    expect(Date.parse(started.expiresAt) - before).toBeLessThanOrEqual(15 * MIN + 5000);
    move(14 * MIN);
    expect(await statusOf(started.txn)).toMatchObject({ status: "open", documents: [{ status: "waiting" }] });
    move(2 * MIN);
    expect(await statusOf(started.txn)).toMatchObject({ status: "expired", documents: [{ status: "failed" }] });
  });

  it("the ESP refuses a request older than its window (ESP-EXPIRED), reported as the ESP's refusal", async () => {
    offset = 0;
    const { id, started } = await start();
    move(11 * MIN);
    const res = await deliver(await throughEsp(started.form, aadhaarOf("anita-sharma")));
    expect(res.status).toBe(422);
    expect((await res.json()) as { code: string; detail: string }).toMatchObject({ code: "esign.refused", detail: expect.stringContaining("ESP-EXPIRED") });
    expect(await versions(id)).toBe(1);
  });

  it("a signed answer brought back after the transaction expired is refused (410) and nothing is stored", async () => {
    offset = 0;
    const { id, started } = await start();
    move(1 * MIN);
    const answer = await throughEsp(started.form, aadhaarOf("anita-sharma"));
    move(15 * MIN);
    const res = await deliver(answer);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { code: string }).code).toBe("esign.transaction_expired");
    expect(await versions(id)).toBe(1);
    expect((await statusOf(started.txn)).status).toBe("expired");
  });

  it("reads the eSign settings: timeouts are settings; a real ESP needs its ASP id, keys and certificates; off when ESIGN_ESP_URL is empty", () => {
    expect(loadConfig({ ESIGN_TIMEOUT_MS: "60000" }).esign).toMatchObject({ espUrl: "self", aspId: "mohar-dev-asp", timeoutMs: 60000, maxDocuments: 20 });
    expect(loadConfig({ ESIGN_ESP_URL: "" }).esign).toBeNull();
    expect(loadConfig({ DEV_ESP: "false" }).esign).toBeNull();
    expect(() => loadConfig({ ESIGN_TIMEOUT_MS: "5" })).toThrow(/ESIGN_TIMEOUT_MS/);
    expect(() => loadConfig({ ESIGN_ESP_URL: "https://esp.example.gov.in/esign/2.1/signdoc" })).toThrow(/ESIGN_ASP_ID[\s\S]*ESIGN_ASP_KEY_FILE[\s\S]*ESIGN_ESP_CERT_FILE[\s\S]*ESIGN_ESP_CA_FILE/);
    const real = loadConfig({
      ESIGN_ESP_URL: "https://esp.example.gov.in/esign/2.1/signdoc",
      ESIGN_ASP_ID: "GOVXYZ",
      ESIGN_ASP_KEY_FILE: "/etc/mohar/asp.key.pem",
      ESIGN_ASP_CERT_FILE: "/etc/mohar/asp.pem",
      ESIGN_ESP_CERT_FILE: "/etc/mohar/esp.pem",
      ESIGN_ESP_CA_FILE: "/etc/mohar/esp-ca.pem",
      ESIGN_RESPONSE_URL: "https://eoffice.example.gov.in/mohar/v1/esign/response",
    }).esign;
    expect(real).toMatchObject({ espUrl: "https://esp.example.gov.in/esign/2.1/signdoc", aspId: "GOVXYZ", responseUrl: "https://eoffice.example.gov.in/mohar/v1/esign/response" });
  });
});
