import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadForm } from "../helpers/forms.js";
import { makeEncryptedLookingPdf, makePdf } from "../helpers/pdfs.js";
import { startS3rver, type TestS3 } from "../helpers/s3rver.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const MAX_UPLOAD = 256 * 1024;
const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

interface Problem {
  status: number;
  detail: string;
  code: string;
}

const form = uploadForm;

const drivers: { name: string; env: () => Promise<{ env: Record<string, string>; close(): Promise<void> }> }[] = [
  { name: "local disk", env: async () => ({ env: {}, close: async () => {} }) },
  {
    name: "S3 (s3rver)",
    env: async () => {
      const s3: TestS3 = await startS3rver();
      return { env: s3.env(`docs-${randomUUID().slice(0, 8)}`), close: () => s3.close() };
    },
  },
];

for (const driver of drivers) {
  describe(`documents API on ${driver.name}`, () => {
    let srv: TestServer;
    let backing: { close(): Promise<void> };
    let pdf: Buffer;

    beforeAll(async () => {
      const b = await driver.env();
      backing = b;
      srv = await startTestServer({ ...b.env, MAX_UPLOAD_BYTES: String(MAX_UPLOAD) });
      pdf = await makePdf({ pages: 2, text: "Draft letter" });
    });
    afterAll(async () => {
      await srv.close();
      await backing.close();
    });

    async function upload(fileNumber = "F.No. 7/1/2026-Estt", file: Buffer = pdf): Promise<{ id: string; version: number; sha256: string }> {
      const res = await srv.request("/v1/documents", {
        method: "POST",
        as: "clerk",
        body: form({ title: "Transfer order", fileNumber, kind: "letter" }, file),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; version: number; sha256: string };
    }

    async function expectProblem(res: Response, status: number, code: string, detail: RegExp): Promise<void> {
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = (await res.json()) as Problem;
      expect(body).toMatchObject({ status, code });
      expect(body.detail).toMatch(detail);
    }

    it("uploads a PDF and downloads it back byte-identical", async () => {
      const res = await srv.request("/v1/documents", {
        method: "POST",
        as: "clerk",
        body: form({ title: "Transfer order", fileNumber: "F.No. 7/1/2026-Estt", kind: "letter" }, pdf),
      });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { id: string; version: number; sha256: string; pageCount: number; size: number };
      expect(created).toMatchObject({ version: 1, sha256: sha(pdf), pageCount: 2, size: pdf.length });
      expect(res.headers.get("location")).toBe(`/v1/documents/${created.id}`);

      const dl = await srv.request(`/v1/documents/${created.id}/versions/1/content`, { as: "officer" });
      expect(dl.status).toBe(200);
      expect(dl.headers.get("content-type")).toBe("application/pdf");
      expect(dl.headers.get("etag")).toBe(`"${sha(pdf)}"`);
      expect(dl.headers.get("content-length")).toBe(String(pdf.length));
      expect(dl.headers.get("accept-ranges")).toBe("bytes");
      expect(Buffer.from(await dl.arrayBuffer()).equals(pdf)).toBe(true);
    });

    it("describes a document with its versions and lists documents by file number", async () => {
      const fileNumber = `F-${randomUUID()}`;
      const a = await upload(fileNumber);
      const b = await upload(fileNumber);
      await upload(`${fileNumber}-other`);
      const doc = await srv.request(`/v1/documents/${a.id}`, { as: "clerk" });
      expect(doc.status).toBe(200);
      const view = (await doc.json()) as { id: string; fileNumber: string; kind: string; createdBy: string; versions: { n: number; derivedFrom: number | null; uploader: string }[] };
      expect(view).toMatchObject({ id: a.id, fileNumber, kind: "letter", createdBy: srv.actorIds.clerk });
      expect(view.versions).toEqual([expect.objectContaining({ n: 1, derivedFrom: null, uploader: srv.actorIds.clerk })]);

      const list = await srv.request(`/v1/documents?fileNumber=${encodeURIComponent(fileNumber)}`, { as: "clerk" });
      expect(list.status).toBe(200);
      const listed = (await list.json()) as { documents: { id: string }[] };
      expect(listed.documents.map((d) => d.id)).toEqual([a.id, b.id]);
    });

    it("numbers 20 concurrent new versions 2..21 without gaps or duplicates", async () => {
      const { id } = await upload();
      const results = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const res = await srv.request(`/v1/documents/${id}/versions`, {
            method: "POST",
            as: "clerk",
            body: form({}, await makePdf({ text: `revision ${i}` })),
          });
          expect(res.status).toBe(201);
          expect(res.headers.get("location")).toMatch(new RegExp(`^/v1/documents/${id}/versions/\\d+/content$`));
          return ((await res.json()) as { version: number }).version;
        }),
      );
      expect(results.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      const view = (await (await srv.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: { n: number; derivedFrom: number }[] };
      expect(view.versions.map((v) => v.n)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect(view.versions.slice(1).every((v) => v.derivedFrom === v.n - 1)).toBe(true);
    });

    it("serves byte ranges: 206 with Content-Range, suffix ranges, 416 when unsatisfiable", async () => {
      const { id } = await upload();
      const url = `/v1/documents/${id}/versions/1/content`;
      const first = await srv.request(url, { as: "clerk", headers: { Range: "bytes=0-7" } });
      expect(first.status).toBe(206);
      expect(first.headers.get("content-range")).toBe(`bytes 0-7/${pdf.length}`);
      expect(first.headers.get("content-length")).toBe("8");
      expect(Buffer.from(await first.arrayBuffer()).toString("latin1")).toBe("%PDF-1.7");

      const tail = await srv.request(url, { as: "clerk", headers: { Range: "bytes=-6" } });
      expect(tail.status).toBe(206);
      expect(Buffer.from(await tail.arrayBuffer()).equals(pdf.subarray(pdf.length - 6))).toBe(true);

      const bad = await srv.request(url, { as: "clerk", headers: { Range: `bytes=${pdf.length + 10}-` } });
      expect(bad.headers.get("content-range")).toBe(`bytes */${pdf.length}`);
      await expectProblem(bad, 416, "range.not_satisfiable", /outside/);
    });

    it("answers a matching If-None-Match with 304 and a stale one with the file", async () => {
      const { id, sha256 } = await upload();
      const url = `/v1/documents/${id}/versions/1/content`;
      const cached = await srv.request(url, { as: "clerk", headers: { "If-None-Match": `"${sha256}"` } });
      expect(cached.status).toBe(304);
      expect(cached.headers.get("etag")).toBe(`"${sha256}"`);
      expect((await cached.arrayBuffer()).byteLength).toBe(0);
      const stale = await srv.request(url, { as: "clerk", headers: { "If-None-Match": `"${"0".repeat(64)}"` } });
      expect(stale.status).toBe(200);
      expect(Buffer.from(await stale.arrayBuffer()).equals(pdf)).toBe(true);
    });

    describe("refuses bad input with problem+json and stores nothing", () => {
      const fileNumber = `rejected-${randomUUID()}`;
      const post = (body: FormData | string, headers: Record<string, string> = {}) =>
        srv.request("/v1/documents", { method: "POST", as: "clerk", body, headers });
      const fields = { title: "t", fileNumber, kind: "letter" };

      it("a missing file field -> 400", async () => {
        await expectProblem(await post(form(fields)), 400, "upload.file_required", /"file"/);
      });
      it("a file in the wrong field -> 400", async () => {
        await expectProblem(await post(form(fields, pdf, "document")), 400, "upload.unexpected_field", /unexpected file field "document"; send the PDF in the field "file"/);
      });
      it("a non-PDF -> 415", async () => {
        await expectProblem(await post(form(fields, Buffer.from("Dear Sir, this is plain text."))), 415, "pdf.not_pdf", /not a PDF/);
      });
      it("a truncated PDF -> 422", async () => {
        await expectProblem(await post(form(fields, pdf.subarray(0, pdf.length - 200))), 422, "pdf.truncated", /truncated/);
      });
      it("an encrypted PDF -> 422", async () => {
        await expectProblem(await post(form(fields, await makeEncryptedLookingPdf())), 422, "pdf.encrypted", /encrypted/);
      });
      it("a file over the size limit -> 413", async () => {
        const big = Buffer.concat([pdf, Buffer.alloc(MAX_UPLOAD, 0x20)]);
        await expectProblem(await post(form(fields, big)), 413, "upload.too_large", /size limit/);
      });
      it("a bad kind -> 400", async () => {
        await expectProblem(await post(form({ ...fields, kind: "memo" }, pdf)), 400, "vault.bad_kind", /kind must be one of letter, notesheet, other/);
      });
      it("a missing title -> 400", async () => {
        await expectProblem(await post(form({ fileNumber, kind: "letter" }, pdf)), 400, "vault.title_required", /title is required/);
      });
      it("a malformed multipart body -> 400", async () => {
        const res = await post("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-", {
          "Content-Type": "multipart/form-data; boundary=xyz",
        });
        await expectProblem(res, 400, "upload.malformed", /multipart/);
      });
      it("a list without fileNumber -> 400", async () => {
        await expectProblem(await srv.request("/v1/documents", { as: "clerk" }), 400, "request.file_number_required", /fileNumber is required/);
      });
      it("an unknown document -> 404", async () => {
        const unknown = randomUUID();
        await expectProblem(await srv.request(`/v1/documents/${unknown}`, { as: "clerk" }), 404, "document.not_found", new RegExp(unknown));
        await expectProblem(
          await srv.request(`/v1/documents/${unknown}/versions`, { method: "POST", as: "clerk", body: form({}, pdf) }),
          404,
          "document.not_found",
          /does not exist/,
        );
        await expectProblem(await srv.request(`/v1/documents/${unknown}/versions/1/content`, { as: "clerk" }), 404, "document.not_found", /does not exist/);
      });
      it("a malformed percent-encoding in the path -> 400", async () => {
        for (const p of ["/v1/documents/%ZZ", "/v1/documents/%E0%A4/versions/1/content"]) {
          await expectProblem(await srv.request(p, { as: "clerk" }), 400, "request.bad_path_encoding", /percent-encoding/);
        }
      });
      it("an unknown version -> 404", async () => {
        const { id } = await upload();
        for (const n of ["2", "0", "abc", "99999999999"]) {
          await expectProblem(await srv.request(`/v1/documents/${id}/versions/${n}/content`, { as: "clerk" }), 404, "version.not_found", /has no version/);
        }
      });
      it("after all of the above, nothing was stored under the file number", async () => {
        const res = await srv.request(`/v1/documents?fileNumber=${encodeURIComponent(fileNumber)}`, { as: "clerk" });
        expect(((await res.json()) as { documents: unknown[] }).documents).toEqual([]);
      });
    });

    it("answers an unsatisfiable range with Content-Range alone: no validator or caching of the PDF", async () => {
      const { id, sha256 } = await upload();
      const res = await srv.request(`/v1/documents/${id}/versions/1/content`, { as: "clerk", headers: { Range: `bytes=${pdf.length + 10}-` } });
      expect(res.status).toBe(416);
      expect(res.headers.get("content-range")).toBe(`bytes */${pdf.length}`);
      expect(res.headers.get("etag") ?? "").not.toContain(sha256);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("accept-ranges")).toBeNull();
      expect(res.headers.get("content-disposition")).toBeNull();
    });

    describe("refuses a bad new version with problem+json and keeps the document at version 1", () => {
      let id: string;
      beforeAll(async () => {
        id = (await upload()).id;
      });
      const cases: { name: string; file: () => Promise<Buffer | undefined>; status: number; code: string; detail: RegExp }[] = [
        { name: "a missing file field", file: async () => undefined, status: 400, code: "upload.file_required", detail: /"file"/ },
        { name: "a non-PDF", file: async () => Buffer.from("Dear Sir, this is plain text."), status: 415, code: "pdf.not_pdf", detail: /not a PDF/ },
        { name: "a truncated PDF", file: async () => pdf.subarray(0, pdf.length - 200), status: 422, code: "pdf.truncated", detail: /truncated/ },
        { name: "an encrypted PDF", file: makeEncryptedLookingPdf, status: 422, code: "pdf.encrypted", detail: /encrypted/ },
        {
          name: "a PDF whose startxref points past its end",
          file: async () => Buffer.from(pdf.toString("latin1").replace(/startxref\s+\d+/, `startxref\n${pdf.length * 2}`), "latin1"),
          status: 422,
          code: "pdf.xref_broken",
          detail: /startxref points outside the file/,
        },
        {
          name: "a file over the size limit",
          file: async () => Buffer.concat([pdf, Buffer.alloc(MAX_UPLOAD, 0x20)]),
          status: 413,
          code: "upload.too_large",
          detail: new RegExp(`exceeds the size limit of ${MAX_UPLOAD} bytes`),
        },
      ];
      for (const c of cases) {
        it(`${c.name} -> ${c.status}`, async () => {
          const res = await srv.request(`/v1/documents/${id}/versions`, { method: "POST", as: "clerk", body: form({}, await c.file()) });
          await expectProblem(res, c.status, c.code, c.detail);
          const view = (await (await srv.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: { n: number }[] };
          expect(view.versions.map((v) => v.n)).toEqual([1]);
        });
      }
    });
  });
}
