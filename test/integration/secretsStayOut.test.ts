import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/main.js";
import { createTestIssuer, TEST_AUDIENCE, TEST_ISSUER, type TestIssuer } from "../helpers/jwtIssuer.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { draftForm } from "../helpers/forms.js";
import { makePdf } from "../helpers/pdfs.js";

describe("API keys never reach logs or responses", () => {
  const lines: string[] = [];
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({}, { logger: createLogger({ logLevel: "trace" }, { write: (s: string) => void lines.push(s) }) });
  });
  afterAll(async () => {
    await srv.close();
  });

  it("logs every request with its id but no credential", async () => {
    const bodies: string[] = [];
    const responses = [
      await srv.request("/v1/officers", { as: "clerk" }),
      await srv.request("/v1/officers", { headers: { "X-API-Key": srv.keys.auditor, Cookie: "session=s3cr3t-cookie" } }),
      await srv.request(`/v1/officers?api_key=${srv.keys.admin}`),
      await srv.request(`/healthz?next=${srv.keys.officer}`),
      await srv.request("/v1/officers", { key: `${srv.keys.admin.slice(0, -2)}xx` }),
      await srv.request("/v1/nothing", { as: "admin" }),
    ];
    for (const res of responses) {
      bodies.push(await res.text(), JSON.stringify([...res.headers]));
    }
    const log = lines.join("");
    expect(lines.length).toBeGreaterThanOrEqual(responses.length);
    for (const res of responses) expect(log).toContain(res.headers.get("x-request-id"));
    for (const key of Object.values(srv.keys)) {
      const secret = key.split("_").slice(2).join("_");
      expect(log).not.toContain(secret);
      for (const b of bodies) expect(b).not.toContain(secret);
    }
    expect(log).not.toContain("s3cr3t-cookie");
    expect(log).toContain("[Redacted]");
    expect(log).toContain(`"actor":"${srv.actorIds.clerk}"`);
  });

  it("redacts secret-named fields in anything else that is logged", () => {
    const out: string[] = [];
    const logger = createLogger({ logLevel: "info" }, { write: (s: string) => void out.push(s) });
    logger.info({ password: "pw-1", officer: { privateKey: "pk-2", apiKey: "ak-3" }, key: "documents/a/v/1.pdf" }, "x");
    expect(out.join("")).not.toMatch(/pw-1|pk-2|ak-3/);
    expect(out.join("")).toContain("documents/a/v/1.pdf");
  });
});

describe("bearer JWTs over HTTP", () => {
  let dir: string;
  let idp: TestIssuer;
  let srv: TestServer;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-jwt-http-"));
    idp = await createTestIssuer(dir);
    srv = await startTestServer({ JWT_JWKS_FILE: idp.jwksFile, JWT_ISSUER: TEST_ISSUER, JWT_AUDIENCE: TEST_AUDIENCE });
  });
  afterAll(async () => {
    await srv.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("authorizes by the roles claim and refuses bad tokens with 401", async () => {
    const auditor = await idp.sign({ sub: "u-77", roles: ["auditor"] });
    expect([401, 403]).not.toContain((await srv.request("/v1/audit/checkpoint", { key: auditor })).status);
    expect((await srv.request("/v1/officers", { key: auditor, method: "POST" })).status).toBe(403);
    const noRoles = await idp.sign({ sub: "u-78" });
    expect((await srv.request("/v1/officers", { key: noRoles })).status).toBe(403);
    const expired = await idp.sign({ sub: "u-77", roles: ["admin"] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const res = await srv.request("/v1/officers", { key: expired });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/expired/);
    expect((await srv.request("/v1/officers", { key: await idp.sign({ sub: "u", roles: ["admin"] }, { audience: "x" }) })).status).toBe(401);
  });

  it("refuses JWTs when no identity provider is configured", async () => {
    const plain = await startTestServer();
    try {
      const res = await plain.request("/v1/officers", { key: await idp.sign({ sub: "u", roles: ["admin"] }) });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe("auth.jwt_not_configured");
    } finally {
      await plain.close();
    }
  });
});

describe("internal errors", () => {
  const logged: string[] = [];
  let srv: TestServer;
  let failing = false;
  beforeAll(async () => {
    srv = await startTestServer({}, { logger: pino({ level: "error" }, { write: (s: string) => void logged.push(s) }) });
    // The store fails with an internal error full of details that must not leak.
    const store = srv.running.services.store;
    const getBuffer = store.getBuffer.bind(store);
    store.getBuffer = async (key: string) => {
      if (failing) throw new Error(`SECRET-DETAIL at /srv/mohar/internal/${key}`);
      return getBuffer(key);
    };
  });
  afterAll(async () => {
    failing = false;
    await srv.close();
  });

  it("answer 500 problem+json without the message or stack, and are logged without a stack", async () => {
    // Reading a stored PDF goes to the (failing) store.
    const up = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(await makePdf(), { fileNumber: "F/secret/1" }) });
    expect(up.status).toBe(201);
    const { id } = (await up.json()) as { id: string };
    failing = true;
    const res = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const text = await res.text();
    expect(text).not.toMatch(/SECRET-DETAIL|\/srv\/mohar|at .*\.ts:\d+/);
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: "internal" });
    // Logged with its message for the operator, but without a stack trace.
    expect(logged.join("")).toContain("SECRET-DETAIL");
    expect(logged.join("")).not.toMatch(/"stack"|\s+at .*\.(ts|js):\d+/);
  });
});
