import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { startTestServer } from "../helpers/server.js";

/** Sends a multipart upload in two halves, `pause` ms apart; resolves with the status. */
function slowUpload(url: string, key: string, pause: number): Promise<number> {
  const boundary = "----mohar-slow";
  const pdf = fs.readFileSync("samples/draft-letter-en.pdf");
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(field("title", "Slow") + field("fileNumber", "F.No. slow/2026") + field("kind", "letter")),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    pdf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/v1/documents`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": body.length },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.write(body.subarray(0, 200));
    setTimeout(() => req.end(body.subarray(200)), pause);
  });
}

describe("stopping (SIGTERM)", () => {
  it("turns /readyz to 503 first, lets a request in flight finish, then closes", async () => {
    const srv = await startTestServer({ SHUTDOWN_NOTICE_MS: "400", SHUTDOWN_GRACE_MS: "5000" });
    const upload = slowUpload(srv.url, srv.keys.clerk, 800);
    await new Promise((r) => setTimeout(r, 100));
    const closing = srv.close();
    await new Promise((r) => setTimeout(r, 100));
    const ready = await fetch(`${srv.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { code: string }).code).toBe("service.draining");
    expect(await upload).toBe(201);
    await closing;
    await expect(fetch(`${srv.url}/healthz`)).rejects.toThrow();
  });

  it("cuts off a request still running at the deadline", async () => {
    const srv = await startTestServer({ SHUTDOWN_GRACE_MS: "200" });
    const upload = slowUpload(srv.url, srv.keys.clerk, 2000).catch(() => "cut off");
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await srv.close();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await upload).toBe("cut off");
  });
});

describe("MOHAR_ENV=production", () => {
  it("refuses every development default and names each one", () => {
    let err: unknown;
    try {
      loadConfig({ MOHAR_ENV: "production" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = (err as ConfigError).problems.join("\n");
    for (const setting of ["OFFICER_KEY_PASSWORD", "TRUST_DIR", "OFFICERS_SEED", "CRL_DIR", "OFFICER_KEY_DIR", "DEV_TSA", "DEV_ESP"]) expect(text).toContain(`${setting}:`);
    expect(() => loadConfig({ MOHAR_ENV: "production", OFFICER_KEY_PASSWORD: "mohar-dev", TRUST_DIR: "/etc/cca", OFFICERS_SEED: "", CRL_DIR: "", DEV_TSA: "false" })).toThrow(/mohar-dev/);
  });

  it("starts with real settings", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-prod-"));
    try {
      fs.copyFileSync("certs-dev/intermediate.pem", path.join(dir, "cca-root.pem"));
      const config = loadConfig({ MOHAR_ENV: "production", OFFICER_KEY_PASSWORD: "a real one", TRUST_DIR: dir, OFFICERS_SEED: "", CRL_DIR: "", OFFICER_KEY_DIR: dir, DEV_TSA: "false", DEV_ESP: "false" });
      expect(config.developmentDefaults).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
