import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { servedRoutes } from "../helpers/routes.js";
import { startTestServer } from "../helpers/server.js";
import { openApiDocument } from "../../src/http/openapi.js";
import { titleOf, toProblem } from "../../src/http/problem.js";
import { ERROR_CODES, MoharError, type ErrorCode } from "../../src/errors.js";


describe("OpenAPI document", () => {
  it("is served and describes every route the app serves", async () => {
    const srv = await startTestServer();
    try {
      const res = await srv.request("/openapi.json");
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toBe("3.1.0");
      const app = srv.running.app;
      const routes = servedRoutes(app).map((r) => r.replace(/:(\w+)/g, "{$1}"));
      expect(routes.length).toBeGreaterThan(3);
      const documented = new Set(
        Object.entries((openApiDocument as { paths: Record<string, Record<string, unknown>> }).paths).flatMap(([p, ops]) =>
          Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
        ),
      );
      documented.add("GET /openapi.json");
      const missing = routes.filter((r) => !documented.has(r));
      expect(missing).toEqual([]);
    } finally {
      await srv.close();
    }
  });
});

describe("the error catalogue", () => {
  it("documents every code with its one status, and every status has a title and a kind", () => {
    const schemas = (openApiDocument as { components: { schemas: Record<string, { enum?: string[]; "x-status"?: Record<string, number> }> } }).components.schemas;
    expect(schemas.ErrorCode?.enum).toEqual(Object.keys(ERROR_CODES));
    for (const [code, [status, text]] of Object.entries(ERROR_CODES)) {
      expect(schemas.ErrorCode?.["x-status"]?.[code]).toBe(status);
      expect(titleOf(status), code).not.toBe("Error");
      expect(text.length, code).toBeGreaterThan(10);
      const err = new MoharError(code as ErrorCode, "x");
      expect(err.status).toBe(status);
      expect(err.kind === "internal", code).toBe(status === 500);
      expect(toProblem(err).status).toBe(status);
    }
  });
});

describe("the OpenAPI document under a real linter", () => {
  it("has no errors or warnings under Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(openApiDocument), absoluteRef: "/openapi.json", config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`)).toEqual([]);
  });
});
