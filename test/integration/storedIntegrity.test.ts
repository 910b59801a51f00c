import fs from "node:fs/promises";
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftForm } from "../helpers/forms.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

/**
 * Issue #19: stored bytes were trusted blindly. A replaced version PDF was served under the
 * original SHA-256 ETag, a truncated one reset the download mid-way, a corrupt record was a 500
 * `internal`. Every read is now checked against the size and SHA-256 recorded when it was stored.
 */
describe("stored versions are checked on every read", () => {
  let srv: TestServer;

  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  async function upload(fileNumber: string): Promise<{ id: string; pdf: Buffer; sha256: string }> {
    const pdf = await makePdf({ pages: 2 });
    const res = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(pdf, { fileNumber }) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; sha256: string };
    return { id: body.id, pdf, sha256: body.sha256 };
  }

  const file = (id: string, name: string): string => path.join(srv.dataDir, "documents", id, "v", name);

  /** GET with node:http, to see what a client receives of a body that is cut short. */
  function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; received: Buffer; complete: boolean }> {
    return new Promise((resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          const done = (complete: boolean) => resolve({ status: res.statusCode ?? 0, headers: res.headers, received: Buffer.concat(chunks), complete });
          res.on("end", () => done(true));
          res.on("aborted", () => done(false));
          res.on("error", () => done(false));
        })
        .on("error", reject);
    });
  }

  async function problem(res: Response): Promise<{ code: string; detail: string }> {
    return (await res.json()) as { code: string; detail: string };
  }

  it("serves an untouched version whole and in ranges", async () => {
    const { id, pdf, sha256 } = await upload("F/int/1");
    const whole = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("etag")).toBe(`"${sha256}"`);
    expect(Buffer.from(await whole.arrayBuffer()).equals(pdf)).toBe(true);
    for (let i = 0; i < 3; i++) {
      const part = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk", headers: { Range: `bytes=${i * 10}-${i * 10 + 9}` } });
      expect(part.status).toBe(206);
      expect(Buffer.from(await part.arrayBuffer()).equals(pdf.subarray(i * 10, i * 10 + 10))).toBe(true);
    }
  });

  /** The same bytes with one changed near the end (the page's text is at the start). */
  function forge(pdf: Buffer): Buffer {
    const forged = Buffer.from(pdf);
    const at = forged.lastIndexOf("startxref") - 2;
    forged[at] = forged[at]! ^ 0x01;
    return forged;
  }

  it("refuses a replaced PDF of the same size: downloading, signing and verifying it are 500 vault.integrity", async () => {
    const { id, pdf, sha256 } = await upload("F/int/2");
    await fs.writeFile(file(id, "1.pdf"), forge(pdf));

    const whole = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk" });
    expect(whole.status).toBe(500);
    expect(whole.headers.get("etag") ?? "").not.toContain(sha256);
    expect((await problem(whole)).code).toBe("vault.integrity");

    const ranged = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk", headers: { Range: "bytes=0-99" } });
    expect(ranged.status).toBe(500);
    expect(ranged.headers.get("etag") ?? "").not.toContain(sha256);
    const p = await problem(ranged);
    expect(p.code).toBe("vault.integrity");
    expect(p.detail).toMatch(/version 1 of document .* is damaged in storage: its SHA-256 is [0-9a-f]{64}, not the/);

    const sign = await srv.request(`/v1/documents/${id}/signatures`, { as: "officer", method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ officerId: TEST_OFFICER_ID }) });
    expect(sign.status).toBe(500);
    expect((await problem(sign)).code).toBe("vault.integrity");
    const verify = await srv.request(`/v1/documents/${id}/versions/1/verification`, { as: "auditor" });
    expect((await problem(verify)).code).toBe("vault.integrity");
  });

  it("cuts the download of a large replaced PDF short of its end: the client never has the whole wrong file", async () => {
    const big = await PDFDocument.create();
    big.addPage().drawText("a large scan");
    big.catalog.set(PDFName.of("Padding"), big.context.register(big.context.stream(randomBytes(9 * 1024 * 1024))));
    const pdf = Buffer.from(await big.save());
    const res = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(pdf, { fileNumber: "F/int/big" }) });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await fs.writeFile(file(id, "1.pdf"), forge(pdf));

    const got = await rawGet(`${srv.url}/v1/documents/${id}/versions/1/content`, { Authorization: `Bearer ${srv.keys.clerk}` });
    expect(got.status).toBe(200);
    expect(got.complete).toBe(false);
    expect(got.received.length).toBeLessThan(pdf.length);
  });

  it("refuses a truncated or missing PDF before sending any of it", async () => {
    const a = await upload("F/int/3");
    await fs.truncate(file(a.id, "1.pdf"), 100);
    const cut = await srv.request(`/v1/documents/${a.id}/versions/1/content`, { as: "clerk" });
    expect(cut.status).toBe(500);
    expect(await problem(cut)).toMatchObject({ code: "vault.integrity", detail: expect.stringContaining(`it has 100 bytes where ${a.pdf.length} were stored`) });

    const b = await upload("F/int/4");
    await fs.rm(file(b.id, "1.pdf"));
    const gone = await srv.request(`/v1/documents/${b.id}/versions/1/content`, { as: "clerk" });
    expect(gone.status).toBe(500);
    expect(await problem(gone)).toMatchObject({ code: "vault.integrity", detail: expect.stringContaining("its PDF is missing from the store") });
  });

  it("names a damaged version record instead of answering 500 internal", async () => {
    const { id } = await upload("F/int/5");
    await srv.running.db.updateTable("versions").set({ sha256: "not a digest" }).where("document_id", "=", id).execute();
    const res = await srv.request(`/v1/documents/${id}`, { as: "clerk" });
    expect(res.status).toBe(500);
    expect(await problem(res)).toMatchObject({ code: "vault.integrity", detail: expect.stringContaining("its record in the database is not a version record") });
  });

  it("checks the whole PDF again for ranges once it has changed", async () => {
    const { id, pdf } = await upload("F/int/6");
    const first = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk", headers: { Range: "bytes=0-9" } });
    expect(first.status).toBe(206);
    const forged = Buffer.from(pdf);
    forged[forged.length - 20] = 0x20 ^ forged[forged.length - 20]!;
    await fs.writeFile(file(id, "1.pdf"), forged);
    const future = new Date(Date.now() + 5000);
    await fs.utimes(file(id, "1.pdf"), future, future);
    const second = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk", headers: { Range: "bytes=0-9" } });
    expect(second.status).toBe(500);
    expect((await problem(second)).code).toBe("vault.integrity");
  });
});
