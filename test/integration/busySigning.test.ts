import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftForm } from "../helpers/forms.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

interface Version {
  n: number;
  action: string;
  derivedFrom: number | null;
}

/**
 * Issue #19: with 20 clients adding versions to a document, 200 of 200 signature attempts were
 * 409: each signature was made on the version that was latest when it started, and by the time it
 * was stored an upload had taken the next number. Signing now holds the document while it signs.
 */
describe("signing a document that clerks keep revising", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ RATE_LIMIT_PER_MINUTE: "100000" });
  });
  afterAll(async () => {
    await srv.close();
  });

  it("signs every time, each signature on the version that was latest, while uploads keep landing", async () => {
    const first = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "draft 1" }), { fileNumber: "F/busy/1" }) });
    const { id } = (await first.json()) as { id: string };
    const drafts = await Promise.all([1, 2, 3].map((i) => makePdf({ text: `revised draft ${i}` })));

    let signing = true;
    let uploads = 0;
    const uploaders = [0, 1, 2, 3, 4, 5].map(async (c) => {
      while (signing) {
        const res = await srv.request(`/v1/documents/${id}/versions`, { as: "clerk", method: "POST", body: draftForm(drafts[c % drafts.length]!) });
        expect(res.status).toBe(201);
        uploads++;
      }
    });
    const statuses: number[] = [];
    try {
      // Let the uploads get going first.
      while (uploads < 6) await new Promise((r) => setTimeout(r, 10));
      for (let i = 0; i < 8; i++) {
        const res = await srv.request(`/v1/documents/${id}/signatures`, {
          as: "officer",
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ officerId: TEST_OFFICER_ID, reason: `signature ${i}` }),
        });
        statuses.push(res.status);
      }
    } finally {
      signing = false;
      await Promise.all(uploaders);
    }
    expect(statuses).toEqual(Array(8).fill(201));
    expect(uploads).toBeGreaterThan(8);

    const doc = (await (await srv.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: Version[] };
    const signed = doc.versions.filter((v) => v.action === "signature");
    expect(signed).toHaveLength(8);
    // Each signature extends the version right before it: none dropped a version that landed meanwhile.
    for (const v of signed) expect(v.derivedFrom).toBe(v.n - 1);
    expect(doc.versions.map((v) => v.n)).toEqual(doc.versions.map((_, i) => i + 1));
  });
});
