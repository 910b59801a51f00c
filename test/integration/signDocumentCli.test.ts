import fs from "node:fs/promises";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { signStoredDocument } from "../../src/signStored.js";
import { draftForm } from "../helpers/forms.js";
import { runCli } from "../helpers/cliChild.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, TEST_OFFICER_ID } from "../helpers/server.js";


/** `mohar sign-document` on a data directory, as an operator runs it with the service stopped. */
function signDocumentCli(dataDir: string, args: string[]): Promise<{ code: number; out: string }> {
  return runCli(["sign-document", ...args], { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent" });
}

/** Issue #11: the CLI signs a stored document through the same use case as POST /signatures. */
describe("mohar sign-document", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  it("signs the latest version with the officer's held key, audited as the HTTP route is; a stale pin stores nothing", async () => {
    const first = await startTestServer();
    dirs.push(first.dataDir);
    const created = await first.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "note for signature" }), { fileNumber: "F/cli/1" }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await first.running.close();

    const signed = await signDocumentCli(first.dataDir, [id, "--officer", TEST_OFFICER_ID, "--reason", "approved"]);
    expect(signed.out).toContain(`signed document ${id} version 1 as officer ${TEST_OFFICER_ID}: version 2`);
    expect(signed.code).toBe(0);
    // The same command's use case in-process (a second process start costs seconds): a stale pin stores nothing and leaves a failure entry.
    const config = loadConfig({ DATA_DIR: first.dataDir, LOG_LEVEL: "silent" });
    await expect(signStoredDocument(config, { documentId: id, officerId: TEST_OFFICER_ID, expectedVersion: 1, operator: "cli:test" }, pino({ level: "silent" }))).rejects.toMatchObject({
      code: "version.precondition_failed",
    });

    const second = await startTestServer({ DATA_DIR: first.dataDir });
    try {
      const doc = (await (await second.request(`/v1/documents/${id}`, { as: "auditor" })).json()) as { versions: Array<{ n: number; action?: string; derivedFrom?: number; uploader?: string; signature?: { officerId?: string; reason?: string } }> };
      expect(doc.versions.map((v) => v.n)).toEqual([1, 2]);
      expect(doc.versions[1]).toMatchObject({ action: "signature", derivedFrom: 1, signature: { officerId: TEST_OFFICER_ID } });
      expect(doc.versions[1]?.uploader).toMatch(/^cli:/);
      const steps = ((await (await second.request(`/v1/documents/${id}/timeline`, { as: "auditor" })).json()) as { steps: Array<{ action: string; version?: number; outcome: string; actor?: string }> }).steps;
      expect(steps.filter((s) => s.action === "document.sign").map((s) => [s.outcome, s.version])).toEqual([
        ["success", 2],
        ["failure", undefined],
      ]);
      const report = (await (await second.request(`/v1/documents/${id}/versions/2/verification`, { as: "auditor" })).json()) as { signatureCount?: number };
      expect(report.signatureCount).toBe(1);
    } finally {
      await second.running.close();
    }
  });
});
