import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../src/auth/index.js";
import { ACCESS_POLICY, type RouteAccess } from "../../src/http/auth/index.js";
import { servedRoutes } from "../helpers/routes.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

// The development TSA is public like a real TSA (RFC 3161 clients send no credentials).
// The console's page and its sign-in/out (which take the credential, or check the session and its CSRF token, themselves).
const CONSOLE_ROUTES = ["GET /", "POST /v1/console/session", "GET /v1/console/session", "DELETE /v1/console/session"];
const PUBLIC_ROUTES = new Set(["GET /healthz", "GET /readyz", "GET /openapi.json", "POST /v1/dev/tsa", "POST /v1/dev/esp/signdoc", "POST /v1/dev/esp/authenticate", "POST /v1/esign/response", ...CONSOLE_ROUTES]);


/** A concrete URL for a policy path: every `:param` gets a plausible value. */
function urlOf(entry: RouteAccess): string {
  return entry.path.replace(/:(\w+)/g, (_m, name: string) => (name === "n" ? "1" : `missing-${name}`));
}

function requestFor(entry: RouteAccess): RequestInit {
  if (entry.method === "get") return { method: "GET" };
  return {
    method: entry.method.toUpperCase(),
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ officerId: TEST_OFFICER_ID }),
  };
}

describe("access control on every route", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  it.each(ACCESS_POLICY.map((e) => [`${e.method.toUpperCase()} ${e.path}`, e] as const))("%s: 401 without credentials, 403 for other roles", async (_name, entry) => {
    const anon = await srv.request(urlOf(entry), requestFor(entry));
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(anon.headers.get("content-type")).toContain("application/problem+json");
    for (const role of ROLES) {
      const res = await srv.request(urlOf(entry), { ...requestFor(entry), as: role });
      if (entry.roles.includes(role)) {
        expect(res.status, `${role} is allowed`).not.toBe(401);
        // An allowed role may still be refused by the officer binding: a caller bound to no officer
        // (an admin signing, an auditor naming an officer's key for a statement) may not act as one.
        if (res.status === 403) {
          expect(((await res.json()) as { code: string }).code, role).toBe("auth.not_this_officer");
          expect(role).not.toBe("officer");
        }
      } else {
        expect(res.status, `${role} is refused`).toBe(403);
        expect(((await res.json()) as { code: string }).code).toBe("auth.role");
      }
    }
  });

  it("keeps health probes public and refuses unknown routes only after authentication", async () => {
    expect((await srv.request("/healthz")).status).toBe(200);
    expect((await srv.request("/readyz")).status).toBe(200);
    expect((await srv.request("/openapi.json")).status).toBe(200);
    expect((await srv.request("/v1/nothing-here")).status).toBe(401);
    expect((await srv.request("/v1/nothing-here", { as: "admin" })).status).toBe(404);
    // Methods not in the policy are refused even on a listed path.
    expect((await srv.request("/v1/officers", { method: "DELETE", as: "admin" })).status).toBe(404);
  });

  it("answers requests Node's parser refuses (bad method, huge headers, garbage) with problem+json", async () => {
    const { hostname, port } = new URL(srv.url);
    const raw = (request: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = net.connect(Number(port), hostname, () => socket.end(request));
        const chunks: Buffer[] = [];
        socket.on("data", (c: Buffer) => chunks.push(c));
        socket.on("end", () => resolve(Buffer.concat(chunks).toString("latin1")));
        socket.on("error", reject);
        socket.setTimeout(5000, () => reject(new Error("no answer")));
      });
    const cases: Array<[string, number, string]> = [
      ["BREW /v1/documents HTTP/1.1\r\nHost: x\r\n\r\n", 400, "request.malformed_http"],
      [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(40_000)}\r\n\r\n`, 431, "request.headers_too_large"],
      ["\x00\x01garbage\r\n\r\n", 400, "request.malformed_http"],
    ];
    for (const [request, status, code] of cases) {
      const answer = await raw(request);
      const [head, body] = answer.split("\r\n\r\n");
      expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      expect(head).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(body ?? "")).toMatchObject({ status, code });
    }
  });

  it("has a policy entry for every route the app serves behind authentication", () => {
    const listed = new Set(ACCESS_POLICY.map((e) => `${e.method.toUpperCase()} ${e.path}`));
    const unlisted = servedRoutes(srv.running.app).filter((r) => !PUBLIC_ROUTES.has(r) && !listed.has(r));
    expect(unlisted).toEqual([]);
  });

  it("accepts X-API-Key and Bearer, and rejects other schemes, bad keys and doubled credentials", async () => {
    const keyed = await srv.request("/v1/officers", { headers: { "X-API-Key": srv.keys.clerk } });
    expect([401, 403]).not.toContain(keyed.status);
    const basic = await srv.request("/v1/officers", { headers: { Authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } });
    expect(basic.status).toBe(401);
    expect((await srv.request("/v1/officers", { key: "mohar_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })).status).toBe(401);
    expect((await srv.request("/v1/officers", { key: "not-a-key" })).status).toBe(401);
    const both = await srv.request("/v1/officers", { as: "clerk", headers: { "X-API-Key": srv.keys.admin } });
    expect(both.status).toBe(400);
  });

  it("refuses credentials in the query string, even on public routes", async () => {
    for (const q of [`api_key=${srv.keys.admin}`, `token=abc`, `x=${srv.keys.clerk}`]) {
      for (const p of ["/healthz", "/v1/officers"]) {
        const res = await srv.request(`${p}?${q}`);
        expect(res.status).toBe(400);
        const body = (await res.json()) as { detail: string; code: string };
        expect(body.code).toBe("auth.credential_in_query");
        expect(body.detail).toMatch(/Authorization: Bearer header/);
        expect(JSON.stringify(body)).not.toContain("mohar_");
      }
    }
  });

  it("sends security headers, no-store and a request id", async () => {
    for (const res of [await srv.request("/healthz"), await srv.request("/v1/officers", { as: "admin" }), await srv.request("/v1/officers")]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("strict-transport-security")).toBeTruthy();
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
  });
});

describe("rate limit per caller", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ RATE_LIMIT_PER_MINUTE: "3" });
  });
  afterAll(async () => {
    await srv.close();
  });

  it("answers 429 with Retry-After once a key exceeds its budget, without affecting other keys", async () => {
    for (let i = 0; i < 3; i++) expect((await srv.request("/v1/officers", { as: "clerk" })).status).not.toBe(429);
    const limited = await srv.request("/v1/officers", { as: "clerk" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("content-type")).toContain("application/problem+json");
    expect(((await limited.json()) as { code: string }).code).toBe("auth.rate_limited");
    expect((await srv.request("/v1/officers", { as: "auditor" })).status).not.toBe(429);
    // Health probes are not rate limited.
    for (let i = 0; i < 5; i++) expect((await srv.request("/healthz")).status).toBe(200);
  });
});
