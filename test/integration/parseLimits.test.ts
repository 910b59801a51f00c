import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manyObjectsPdf } from "../helpers/bombs.js";
import { startTestServer, whileWatchingHealth, type TestServer } from "../helpers/server.js";

const tinyObject = (num: number, text = "x"): string => `${num} 0 obj\n<< /A [1 2 3 4 5 6 7 8] /B (${text}) >>\nendobj\n`;

/**
 * A well-formed PDF of `revisions` revisions, each rewriting the same `n` tiny objects, all in
 * use from the catalog: cheap to make, slow to verify (each revision is diffed against the one
 * before). manyObjectsPdf would not do: its broken xref makes verification fail at once.
 */
function manyRevisionsPdf(revisions: number, n: number): Buffer {
  const nums = Array.from({ length: n }, (_, k) => k + 3);
  let out = "%PDF-1.7\n";
  let prev: number | undefined;
  for (let r = 0; r < revisions; r++) {
    const rows: string[] = r === 0 ? ["0000000000 65535 f \n"] : [];
    const put = (body: string): void => {
      rows.push(`${String(out.length).padStart(10, "0")} 00000 n \n`);
      out += body;
    };
    if (r === 0) {
      put(`1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Used [${nums.map((i) => `${i} 0 R`).join(" ")}] >>\nendobj\n`);
      put("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
    }
    for (const i of nums) put(tinyObject(i, String(r)));
    const xref = out.length;
    out += `xref\n${r === 0 ? 0 : 3} ${rows.length}\n${rows.join("")}`;
    out += `trailer\n<< /Size ${n + 3} /Root 1 0 R${prev === undefined ? "" : ` /Prev ${prev}`} >>\nstartxref\n${xref}\n%%EOF\n`;
    prev = xref;
  }
  return Buffer.from(out, "latin1");
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

  it("abandons a PDF that takes too long to verify with 422, and keeps serving meanwhile", async () => {
    // 20 revisions of 10k objects: 15 MB, about 4 s to verify in process.
    const f = new FormData();
    f.set("file", new Blob([manyRevisionsPdf(20, 10_000)], { type: "application/pdf" }), "slow.pdf");
    const started = Date.now();
    // Throughout the upload and the verification, the event loop stays free for other requests.
    const { result: res, slowest } = await whileWatchingHealth(srv, srv.request("/v1/verify", { as: "auditor", method: "POST", body: f }));
    expect(slowest).toBeLessThan(500);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "limits.parse_timeout", detail: expect.stringMatching(/^verifying the PDF took longer than 1 s/) });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
