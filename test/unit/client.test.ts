import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asMultipart, createMoharClient } from "../../src/client/index.js";
import { clientTypes } from "../../scripts/generateClientTypes.js";
import { seedPgliteDataDir } from "../helpers/pgliteTemplate.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

describe("the typed client", () => {
  let srv: TestServer;
  let dataDir: string;
  beforeAll(async () => {
    // The Idempotency-Key below is kept in the database: an embedded one from the template opens fast.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-client-"));
    await seedPgliteDataDir(dataDir);
    srv = await startTestServer({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await srv.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("is generated from the OpenAPI document as it is now (npm run client-types)", async () => {
    expect(fs.readFileSync("src/client/schema.ts", "utf8")).toBe(await clientTypes());
  });

  it("uploads, signs and reads with typed requests and answers, and gets problems typed too", async () => {
    const clerk = createMoharClient({ baseUrl: srv.url, credential: srv.keys.clerk });
    const officer = createMoharClient({ baseUrl: srv.url, credential: srv.keys.officer });
    const file = new Blob([fs.readFileSync("samples/draft-letter-en.pdf")], { type: "application/pdf" });
    const created = await clerk.POST("/v1/documents", { body: { file, title: "Letter", fileNumber: "F.No. client/2026", kind: "letter" }, bodySerializer: asMultipart });
    expect(created.response.status).toBe(201);
    const id = created.data?.id as string;
    expect(created.data?.version).toBe(1);

    const signed = await officer.POST("/v1/documents/{id}/signatures", {
      params: { path: { id }, header: { "Idempotency-Key": `sign-${id}` } },
      body: { officerId: TEST_OFFICER_ID, reason: "approved", expectedVersion: 1 },
    });
    expect(signed.response.status).toBe(201);
    expect(signed.data?.signature?.officerId).toBe(TEST_OFFICER_ID);

    const doc = await clerk.GET("/v1/documents/{id}", { params: { path: { id } } });
    expect(doc.data?.versions.map((v) => v.action)).toEqual(["upload", "signature"]);

    const stale = await officer.POST("/v1/documents/{id}/signatures", { params: { path: { id } }, body: { officerId: TEST_OFFICER_ID, expectedVersion: 1 } });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.code).toBe("version.precondition_failed");
  });
});
