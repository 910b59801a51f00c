import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";

/** A syntactically plausible PDF of `n` tiny objects: cheap to make, slow to parse. */
function manyObjectsPdf(n: number): Buffer {
  const parts = ["%PDF-1.7\n"];
  for (let i = 1; i <= n; i++) parts.push(`${i} 0 obj\n<< /A [1 2 3 4 5 6 7 8] /B (x) >>\nendobj\n`);
  parts.push(`trailer\n<< /Size ${n + 1} /Root 1 0 R >>\nstartxref\n0\n%%EOF\n`);
  return Buffer.from(parts.join(""), "latin1");
}

describe("parse-time limit", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ PARSE_TIMEOUT_MS: "1000" });
  });
  afterAll(async () => {
    await srv.close();
  });

  it("abandons a PDF that takes too long to parse with 422, and keeps serving meanwhile", async () => {
    const slow = manyObjectsPdf(300_000);
    const f = new FormData();
    for (const [k, v] of Object.entries({ title: "slow", fileNumber: "F/slow", kind: "other" })) f.set(k, v);
    f.set("file", new Blob([slow], { type: "application/pdf" }), "slow.pdf");
    const started = Date.now();
    const upload = srv.request("/v1/documents", { as: "clerk", method: "POST", body: f });
    // While the parse runs, the event loop stays free for other requests.
    await new Promise((r) => setTimeout(r, 300));
    const t = Date.now();
    expect((await srv.request("/healthz")).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(500);
    const res = await upload;
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe("limits.parse_timeout");
    expect(Date.now() - started).toBeLessThan(10_000);
    const listed = (await (await srv.request("/v1/documents?fileNumber=F%2Fslow", { as: "clerk" })).json()) as { documents: unknown[] };
    expect(listed.documents).toEqual([]);
  });
});
