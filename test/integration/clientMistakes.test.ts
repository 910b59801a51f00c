import http from "node:http";
import { PDFDocument, PDFName, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftForm } from "../helpers/forms.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

// A client's mistake is a clear 4xx, never a 500.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function upload(pdf: Buffer): Promise<string> {
  const res = await server.request("/v1/documents", { method: "POST", as: "clerk", body: draftForm(pdf, { title: "T", fileNumber: "F.No. mistakes/2026", kind: "letter" }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function letter(withoutMediaBox = false): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([400, 400]);
  page.drawText("Office order", { x: 20, y: 300, font: await doc.embedFont(StandardFonts.Helvetica) });
  if (withoutMediaBox) page.node.delete(PDFName.of("MediaBox"));
  return Buffer.from(await doc.save());
}

const signJson = (path: string, body: unknown) =>
  server.request(path, { method: "POST", as: "officer", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function problem(res: Response): Promise<[number, string]> {
  return [res.status, ((await res.json()) as { code: string }).code];
}

describe("client mistakes", () => {
  it("a malformed chainPem in prepare is 400", async () => {
    const id = await upload(await letter());
    for (const chainPem of ["not a pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"]) {
      expect(await problem(await signJson(`/v1/documents/${id}/signatures/prepare`, { officerId: TEST_OFFICER_ID, chainPem }))).toEqual([400, "signing.bad_chain"]);
    }
  });

  it("a rect on a page without /MediaBox is 422, and the page can still be signed invisibly", async () => {
    const id = await upload(await letter(true));
    expect(await problem(await signJson(`/v1/documents/${id}/signatures`, { officerId: TEST_OFFICER_ID, rect: [10, 10, 200, 60] }))).toEqual([422, "pdf.page_without_mediabox"]);
    expect((await signJson(`/v1/documents/${id}/signatures`, { officerId: TEST_OFFICER_ID })).status).toBe(201);
  });

  it("two Authorization (or X-API-Key) headers are 400, not first-wins", async () => {
    const url = new URL("/v1/officers", server.url);
    for (const name of ["Authorization", "X-API-Key"]) {
      const value = (k: string) => (name === "Authorization" ? `Bearer ${k}` : k);
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(url, { headers: [name, value(server.keys.clerk), name, value(server.keys.admin)] as unknown as http.OutgoingHttpHeaders }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
      expect(status, name).toBe(400);
    }
  });
});
