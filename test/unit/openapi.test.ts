import { describe, expect, it } from "vitest";
import type { Express } from "express";
import { startTestServer } from "../helpers/server.js";
import { openApiDocument } from "../../src/http/openapi.js";

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) the Express app really serves, with :param turned into {param}. */
function servedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods)) {
          out.push(`${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, "{$1}")}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe("OpenAPI document", () => {
  it("is served and describes every route the app serves", async () => {
    const srv = await startTestServer();
    try {
      const res = await srv.request("/openapi.json");
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toBe("3.1.0");
      const app = srv.running.app;
      const routes = servedRoutes(app);
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
