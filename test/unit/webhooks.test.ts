import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { eventBody, newSecret, retryDelayMs, signatureHeader, TargetPolicy } from "../../src/webhooks/index.js";
import { verifyStandardWebhook } from "../webhooks/receiver.js";

describe("Standard Webhooks signatures", () => {
  it("match the specification's reference vector", () => {
    // From the Standard Webhooks reference library's tests (libraries/javascript/src/webhook.test.ts, "sign function works").
    expect(signatureHeader("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("match an HMAC computed by openssl over id.timestamp.body with the decoded secret", () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = eventBody({ type: "file.moved", orderingKey: "file:x", data: { fileNumber: "फा.सं. 12/34/2026-स्था.", step: 2 } }, new Date("2026-12-07T10:00:00Z"));
    const hexKey = Buffer.from(secret.slice("whsec_".length), "base64").toString("hex");
    const mac = execFileSync("openssl", ["dgst", "-sha256", "-mac", "HMAC", "-macopt", `hexkey:${hexKey}`, "-binary"], { input: `msg_abc.1765101600.${body}` });
    expect(signatureHeader(secret, "msg_abc", 1765101600, body)).toBe(`v1,${mac.toString("base64")}`);
  });

  it("verify the way a receiver checks them, and fail for another body, id, secret or an old timestamp", () => {
    const secret = newSecret();
    const body = '{"type":"document.signed","timestamp":"2026-12-07T10:00:00.000Z","data":{}}';
    const headers = (id: string, ts: number, s = secret) => ({ "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": `v1a,xyz ${signatureHeader(s, id, ts, body)}` });
    expect(verifyStandardWebhook(secret, headers("msg_1", 1000), Buffer.from(body), 1000)).toBe(true);
    expect(verifyStandardWebhook(secret, headers("msg_1", 1000), Buffer.from(`${body} `), 1000)).toBe(false);
    expect(verifyStandardWebhook(secret, { ...headers("msg_1", 1000), "webhook-id": "msg_2" }, Buffer.from(body), 1000)).toBe(false);
    expect(verifyStandardWebhook(secret, headers("msg_1", 1000, newSecret()), Buffer.from(body), 1000)).toBe(false);
    expect(verifyStandardWebhook(secret, headers("msg_1", 1000), Buffer.from(body), 1000 + 301)).toBe(false);
  });
});

describe("retry schedule", () => {
  it("doubles from the base, with at most 10 % jitter, capped at 2 h, and spans 24 h in a bounded number of attempts", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 5000, 0))).toEqual([5000, 10000, 20000, 40000]);
    expect(retryDelayMs(1, 5000, 1)).toBe(5500);
    expect(retryDelayMs(30, 5000, 0)).toBe(2 * 60 * 60 * 1000);
    let elapsed = 0;
    let attempts = 1;
    while (elapsed + retryDelayMs(attempts, 5000, 0) <= 24 * 60 * 60 * 1000) elapsed += retryDelayMs(attempts++, 5000, 0);
    expect(attempts).toBeGreaterThan(10);
    expect(attempts).toBeLessThan(25);
  });
});

describe("receiver addresses (SSRF)", () => {
  const strict = new TargetPolicy([]);
  it("refuses other schemes, credentials in the URL, and addresses that are not public", () => {
    for (const url of ["ftp://example.org/x", "file:///etc/passwd", "gopher://127.0.0.1/", "https://user:pw@example.org/", "not a url"]) {
      expect(() => strict.checkUrl(url), url).toThrow(expect.objectContaining({ code: "webhook.url_refused" }));
    }
    for (const host of ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "[::1]", "[fe80::1]", "[fd00::5]", "[::ffff:127.0.0.1]", "[::ffff:a9fe:a9fe]", "224.0.0.1"]) {
      expect(() => strict.checkUrl(`http://${host}:8080/hook`), host).toThrow(expect.objectContaining({ code: "webhook.url_refused" }));
    }
    expect(strict.checkUrl("https://93.184.215.14/hook").href).toBe("https://93.184.215.14/hook");
    expect(strict.checkUrl("https://eoffice.example.gov.in/hooks/mohar").hostname).toBe("eoffice.example.gov.in");
  });

  it("allows a listed network, and only it", () => {
    const lan = new TargetPolicy(["127.0.0.1/32", "10.20.0.0/16"]);
    expect(lan.addressAllowed("127.0.0.1")).toBe(true);
    expect(lan.addressAllowed("127.0.0.2")).toBe(false);
    expect(lan.addressAllowed("10.20.255.1")).toBe(true);
    expect(lan.addressAllowed("10.21.0.1")).toBe(false);
    expect(lan.addressAllowed("::ffff:10.20.0.7")).toBe(true);
    expect(() => new TargetPolicy(["10.0.0.0/33"])).toThrow(/not a network/);
  });

  it("refuses a name that resolves to a refused address when connecting", async () => {
    const err = await new Promise<Error | null>((resolve) => strict.lookup("localhost", { all: false }, (e) => resolve(e)));
    expect(err?.message).toMatch(/localhost resolves to .* not a public address/);
    const ok = await new Promise<string>((resolve, reject) => new TargetPolicy(["127.0.0.0/8", "::1/128"]).lookup("localhost", { all: false }, (e, a) => (e ? reject(e) : resolve(a as string))));
    expect(["127.0.0.1", "::1"]).toContain(ok);
  });
});
