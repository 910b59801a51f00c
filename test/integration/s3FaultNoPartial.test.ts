import { createHash, randomBytes, randomUUID } from "node:crypto";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftForm } from "../helpers/forms.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { startStoppableS3, type StoppableS3 } from "../helpers/stoppableS3.js";

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

const form = draftForm;

describe("the S3 store going away mid-upload", () => {
  let s3: StoppableS3;
  let srv: TestServer;
  beforeAll(async () => {
    s3 = await startStoppableS3();
    srv = await startTestServer(s3.env("mohar-fault"));
  });
  afterAll(async () => {
    await srv?.close();
    await s3?.close();
  });

  it("answers 503 and leaves no partial version; the same upload succeeds after restart", async () => {
    const v1 = await makePdf({ text: "version one", pages: 2 });
    const created = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: form(v1, { title: "t", fileNumber: "F/1" }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    // A revision large enough that its bytes are still arriving when the server goes away.
    const v2 = await makePdf({ text: `version two ${"x".repeat(200)}`, pages: 300 });
    const stopped = s3.stopDuringNextUpload((key) => key.startsWith(`documents/${id}/`) && key.endsWith(".pdf"));
    const failed = await srv.request(`/v1/documents/${id}/versions`, { as: "clerk", method: "POST", body: form(v2) });
    await stopped;
    expect(failed.status).toBe(503);
    expect(failed.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(await failed.json())).not.toMatch(/127\.0\.0\.1|documents\//);

    // While it is down, what needs the store is 503 too, never 500; what the database holds still answers.
    expect((await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" })).status).toBe(503);
    expect((await srv.request(`/v1/documents/${id}`, { as: "clerk" })).status).toBe(200);
    expect((await srv.request("/v1/documents", { as: "clerk", method: "POST", body: form(v1) })).status).toBe(503);
    const notReady = await srv.request("/readyz");
    expect(notReady.status).toBe(503);
    // /readyz is public: it names no host, port or key.
    expect(JSON.stringify(await notReady.json())).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED|documents\//);

    await s3.restart();
    expect((await srv.request("/readyz")).status).toBe(200);
    const doc = (await (await srv.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: { n: number }[] };
    expect(doc.versions.map((v) => v.n)).toEqual([1]);
    expect(await srv.running.services.store.list(`documents/${id}/v/2`)).toEqual([]);
    expect((await srv.request(`/v1/documents/${id}/versions/2/content`, { as: "clerk" })).status).toBe(404);
    const content = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" });
    expect(sha256(new Uint8Array(await content.arrayBuffer()))).toBe(sha256(v1));

    // Nothing left behind blocks the retry.
    const retried = await srv.request(`/v1/documents/${id}/versions`, { as: "clerk", method: "POST", body: form(v2) });
    expect(retried.status).toBe(201);
    expect(await retried.json()).toMatchObject({ version: 2, sha256: sha256(v2) });
  });

  it("leaves no object when it stops between the parts of a multipart upload", async () => {
    // Random bytes do not compress, so this PDF is over the 5 MiB part size.
    const doc = await PDFDocument.create();
    doc.addPage();
    await doc.attach(randomBytes(6 * 1024 * 1024), "annexure.bin", { mimeType: "application/octet-stream" });
    const big = Buffer.from(await doc.save());
    const fileNumber = `F/${randomUUID()}`;
    const stopped = s3.stopDuringNextUpload((key, query) => key.startsWith("documents/") && key.endsWith(".pdf") && query.partNumber === "2");
    const failed = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: form(big, { fileNumber }) });
    await stopped;
    expect(failed.status).toBe(503);

    await s3.restart();
    const listed = (await (await srv.request(`/v1/documents?fileNumber=${encodeURIComponent(fileNumber)}`, { as: "clerk" })).json()) as { documents: unknown[] };
    expect(listed.documents).toEqual([]);
    const pdfs = (await srv.running.services.store.list("documents/")).filter((o) => o.key.endsWith(".pdf"));
    const sizes = await Promise.all(pdfs.map(async (o) => (await srv.running.services.store.head(o.key))?.size));
    expect(sizes).not.toContain(big.length);
    const retried = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: form(big, { fileNumber }) });
    expect(retried.status).toBe(201);
    const { id, version } = (await retried.json()) as { id: string; version: number };
    const content = await srv.request(`/v1/documents/${id}/versions/${version}/content`, { as: "auditor" });
    expect(sha256(new Uint8Array(await content.arrayBuffer()))).toBe(sha256(big));
  });
});

describe("a stalled S3 store (accepts connections, never answers)", () => {
  let s3: StoppableS3;
  let srv: TestServer;
  beforeAll(async () => {
    s3 = await startStoppableS3();
    srv = await startTestServer({ ...s3.env("mohar-stall"), S3_TIMEOUT_MS: "400", S3_RETRIES: "1" });
  });
  afterAll(async () => {
    await srv?.close();
    await s3?.close();
  });

  it("times requests and /readyz out with 503 instead of hanging, and recovers when it answers again", async () => {
    const pdf = await makePdf({ text: "before the stall" });
    const created = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: form(pdf, { fileNumber: "F/stall/1" }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    s3.stall();
    try {
      const timed = async (p: Promise<Response>): Promise<{ res: Response; ms: number }> => {
        const t = Date.now();
        const res = await p;
        return { res, ms: Date.now() - t };
      };
      // A read: S3_TIMEOUT_MS, one retry after a backoff, then 503.
      const read = await timed(srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" }));
      expect(read.res.status).toBe(503);
      expect(((await read.res.json()) as { code: string }).code).toBe("store.unavailable");
      expect(read.ms).toBeLessThan(5000);
      // A write is not retried: it may have landed.
      const write = await timed(srv.request(`/v1/documents/${id}/versions`, { as: "clerk", method: "POST", body: form(await makePdf({ text: "during the stall" })) }));
      expect(write.res.status).toBe(503);
      expect(write.ms).toBeLessThan(5000);
      const ready = await timed(srv.request("/readyz"));
      expect(ready.res.status).toBe(503);
      expect(ready.ms).toBeLessThan(3000);
      expect((await srv.request("/healthz")).status).toBe(200);
    } finally {
      s3.resume();
    }

    expect((await srv.request("/readyz")).status).toBe(200);
    const content = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" });
    expect(content.status).toBe(200);
    expect(sha256(new Uint8Array(await content.arrayBuffer()))).toBe(sha256(pdf));
  });
});
