import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Vault } from "../../src/vault/index.js";
import { manyFieldsPdf, objectStreamBomb, xrefStreamBomb } from "../helpers/bombs.js";
import { draftForm } from "../helpers/forms.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, TEST_OFFICER_ID, whileWatchingHealth, type TestServer } from "../helpers/server.js";

const MiB = 1024 * 1024;

/**
 * Signing parses the stored version again. It runs on the parse workers under the same limits as
 * the upload check and verification (issue #19: a 2 KB upload made each signature take 18 s on the
 * main thread, /healthz stopped answering and memory reached 2.2 GB).
 */
describe("signing under the parse limits", () => {
  /** The default PARSE_TIMEOUT_MS (20 s): a bomb must be refused by the decode bound, long before it. */
  let srv: TestServer;
  /** PARSE_TIMEOUT_MS 1.5 s, for a file that is slow without being a bomb. */
  let hurried: TestServer;

  beforeAll(async () => {
    [srv, hurried] = await Promise.all([startTestServer(), startTestServer({ PARSE_TIMEOUT_MS: "1500" })]);
  });
  afterAll(async () => {
    await Promise.all([srv?.close(), hurried?.close()]);
  });

  /** Stores a PDF as an earlier release without these limits would have: no upload check. */
  async function storeUnchecked(server: TestServer, pdf: Buffer, fileNumber: string): Promise<string> {
    const trusting = await Vault.open(server.running.services.store, server.running.db, {
      inspect: async (p) => ({ pageCount: 1, pdfVersion: "1.7", sizeBytes: p.length, signatureCount: 0, revisions: 1 }),
    });
    return (await trusting.createDocument({ title: "stored unchecked", fileNumber, kind: "letter", createdBy: "an older release", pdf })).document.id;
  }

  /** Signs `id` on `server` while asking /healthz every 100 ms; returns the answer and the slowest health check. */
  async function signWatchingHealth(server: TestServer, id: string): Promise<{ res: Response; slowest: number; ms: number }> {
    const signing = server.request(`/v1/documents/${id}/signatures`, { as: "officer", method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ officerId: TEST_OFFICER_ID }) });
    const { result: res, slowest, ms } = await whileWatchingHealth(server, signing);
    return { res, slowest, ms };
  }

  async function versionsOf(server: TestServer, id: string): Promise<number> {
    return ((await (await server.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: unknown[] }).versions.length;
  }

  it("refuses a compression bomb at upload with 422 pdf.decode_limit", async () => {
    const bomb = objectStreamBomb({ decodedBytes: 256 * MiB });
    expect(bomb.length).toBeLessThan(8 * 1024);
    const t = Date.now();
    const res = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(bomb, { fileNumber: "F/bomb/1" }) });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: "pdf.decode_limit" });
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  it("refuses to sign a stored compression bomb with 422, keeps serving meanwhile, and stores nothing", async () => {
    // Signing reads only what its update touches (#16): the bomb sits where it must read, in the
    // newest cross-reference stream. (A bomb nothing refers to is never inflated by signing.)
    const id = await storeUnchecked(srv, xrefStreamBomb(manyFieldsPdf(1), 256 * MiB), "F/bomb/2");
    const { res, slowest, ms } = await signWatchingHealth(srv, id);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: "pdf.decode_limit" });
    expect(slowest).toBeLessThan(500);
    expect(ms).toBeLessThan(10_000);
    expect(await versionsOf(srv, id)).toBe(1);
  });

  it("abandons signing a stored PDF that takes longer than PARSE_TIMEOUT_MS to parse, with 422, keeping the service free", async () => {
    // 300,000 form fields (30 MB): signing walks the form to name its field; about 3.4 s in-process here.
    const id = await storeUnchecked(hurried, manyFieldsPdf(300_000), "F/slow/1");
    const { res, slowest } = await signWatchingHealth(hurried, id);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: "limits.parse_timeout", detail: expect.stringMatching(/^preparing the PDF for signing took longer than 1.5 s/) });
    expect(slowest).toBeLessThan(500);
    expect(await versionsOf(hurried, id)).toBe(1);
  });

  it("still signs an ordinary letter on the workers", async () => {
    const up = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(await makePdf(), { fileNumber: "F/ok/1" }) });
    const { id } = (await up.json()) as { id: string };
    const res = await srv.request(`/v1/documents/${id}/signatures`, { as: "officer", method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ officerId: TEST_OFFICER_ID, rect: [72, 72, 272, 142], reason: "अनुमोदित" }) });
    expect(res.status).toBe(201);
    expect(await versionsOf(srv, id)).toBe(2);
  });
});
