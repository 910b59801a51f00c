import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

const OTHER_OFFICER = "rajesh-verma";

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("an officer signs only with their own certificate", () => {
  let srv: TestServer;
  let docId: string;
  let otherOfficerKey: string;
  beforeAll(async () => {
    srv = await startTestServer();
    otherOfficerKey = await srv.createKey("officer", OTHER_OFFICER);
    const f = new FormData();
    for (const [k, v] of Object.entries({ title: "Sanction order", fileNumber: "F/sign/1", kind: "letter" })) f.set(k, v);
    f.set("file", new Blob([await makePdf({ text: "Sanction order" })], { type: "application/pdf" }), "draft.pdf");
    const res = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: f });
    expect(res.status).toBe(201);
    docId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await srv.close();
  });

  const versions = async (): Promise<number[]> =>
    ((await (await srv.request(`/v1/documents/${docId}`, { as: "auditor" })).json()) as { versions: { n: number }[] }).versions.map((v) => v.n);

  it("refuses officer A signing as officer B, in one step and in two phases", async () => {
    for (const path of [`/v1/documents/${docId}/signatures`, `/v1/documents/${docId}/signatures/prepare`]) {
      const res = await srv.request(path, { ...json({ officerId: OTHER_OFFICER, timestamp: false }), as: "officer" });
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe("auth.not_this_officer");
    }
    expect(await versions()).toEqual([1]);
  });

  it("refuses a two-phase signature under a certificate that is not the officer's own", async () => {
    const someoneElse = fs.readFileSync(path.resolve("certs-dev/officers", `${OTHER_OFFICER}.pem`), "utf8");
    const res = await srv.request(`/v1/documents/${docId}/signatures/prepare`, {
      ...json({ officerId: TEST_OFFICER_ID, certificatePem: someoneElse, timestamp: false }),
      as: "officer",
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("auth.not_this_officer_certificate");
    // The officer's own certificate, sent explicitly, is accepted.
    const own = fs.readFileSync(path.resolve("certs-dev/officers", `${TEST_OFFICER_ID}.pem`), "utf8");
    const ok = await srv.request(`/v1/documents/${docId}/signatures/prepare`, { ...json({ officerId: TEST_OFFICER_ID, certificatePem: own, timestamp: false }), as: "officer" });
    expect(ok.status).toBe(201);
    expect(await versions()).toEqual([1]);
  });

  it("refuses an admin without an officer binding, and roles that cannot sign", async () => {
    for (const as of ["admin", "clerk", "auditor"] as const) {
      const res = await srv.request(`/v1/documents/${docId}/signatures`, { ...json({ officerId: TEST_OFFICER_ID, timestamp: false }), as });
      expect(res.status, as).toBe(403);
    }
    expect(await versions()).toEqual([1]);
  });

  it("refuses completing another officer's signing session", async () => {
    const prepared = await srv.request(`/v1/documents/${docId}/signatures/prepare`, { ...json({ officerId: TEST_OFFICER_ID, timestamp: false }), as: "officer" });
    expect(prepared.status).toBe(201);
    const { sessionId } = (await prepared.json()) as { sessionId: string };
    const res = await srv.request(`/v1/signing-sessions/${sessionId}/complete`, { ...json({ signature: Buffer.alloc(64).toString("base64") }), key: otherOfficerKey });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("auth.not_this_officer");
    expect(await versions()).toEqual([1]);
  });

  it("lets officer A sign as officer A, recording who acted", async () => {
    const res = await srv.request(`/v1/documents/${docId}/signatures`, { ...json({ officerId: TEST_OFFICER_ID, reason: "Approved", timestamp: false }), as: "officer" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { version: number; uploader: string };
    expect(body.version).toBe(2);
    expect(body.uploader).toBe(srv.actorIds.officer);
    const other = await srv.request(`/v1/documents/${docId}/signatures`, { ...json({ officerId: OTHER_OFFICER, timestamp: false }), key: otherOfficerKey });
    expect(other.status).toBe(201);
    expect(await versions()).toEqual([1, 2, 3]);
  });
});
