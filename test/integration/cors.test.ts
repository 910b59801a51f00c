import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, ConfigError } from "../../src/config.js";
import { draftForm } from "../helpers/forms.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const FRONTEND = "https://eoffice.example.gov.in";
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ CORS_ORIGINS: `${FRONTEND}, http://127.0.0.1:5173` });
});
afterAll(async () => {
  await server.close();
});

const preflight = (origin: string, method = "POST", headers = "authorization, content-type, idempotency-key, if-match") =>
  server.request("/v1/documents", { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers } });

describe("browser frontends (CORS_ORIGINS)", () => {
  it("answers a listed origin's preflight without credentials", async () => {
    const res = await preflight(FRONTEND);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(FRONTEND);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("idempotency-key");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("vary")).toContain("Origin");
  });

  it("refuses an unlisted origin's preflight with a reason, and gives its pages no CORS headers", async () => {
    const res = await preflight("https://evil.example");
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as { code: string }).code).toBe("cors.origin_not_allowed");
    const get = await server.request("/v1/officers", { as: "clerk", headers: { Origin: "https://evil.example" } });
    expect(get.status).toBe(200);
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets a listed origin read answers and their ETag and Location, and frame the PDF", async () => {
    const pdf = fs.readFileSync("samples/draft-letter-en.pdf");
    const up = await server.request("/v1/documents", { method: "POST", as: "clerk", body: draftForm(pdf), headers: { Origin: FRONTEND } });
    expect(up.status).toBe(201);
    expect(up.headers.get("access-control-allow-origin")).toBe(FRONTEND);
    expect(up.headers.get("access-control-expose-headers")).toContain("Location");
    const { id } = (await up.json()) as { id: string };
    const pdfRes = await server.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk", headers: { Origin: FRONTEND } });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get("access-control-expose-headers")).toContain("ETag");
    expect(pdfRes.headers.get("content-security-policy")).toContain(`frame-ancestors 'self' ${FRONTEND} http://127.0.0.1:5173`);
    expect(pdfRes.headers.get("x-frame-options")).toBeNull();
    // Other answers still refuse every frame.
    const meta = await server.request(`/v1/documents/${id}`, { as: "clerk" });
    expect(meta.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("takes only bare origins in CORS_ORIGINS", () => {
    for (const bad of ["https://eoffice.example.gov.in/", "https://x.gov.in/path", "eoffice.gov.in", "*", "https://X.gov.in"]) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(ConfigError);
    }
    expect(loadConfig({ CORS_ORIGINS: "" }).corsOrigins).toEqual([]);
  });
});
