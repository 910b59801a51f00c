import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseHandle } from "../../src/db/index.js";
import { draftForm } from "../helpers/forms.js";
import { runCli } from "../helpers/cliChild.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, type TestServer } from "../helpers/server.js";


/** `mohar audit check-vault` on a data directory, as an operator or auditor runs it. */
function checkVault(dataDir: string): Promise<{ code: number; out: string }> {
  return runCli(["audit", "check-vault"], { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent" });
}

/**
 * Issue #19: deleting the latest version from storage let its number be reused (two "version 2"
 * audit entries, and `audit verify` passed); a replaced PDF went unnoticed. The audit entries name
 * each version's sha256; `mohar audit check-vault` cross-checks the vault against them.
 */
describe("mohar audit check-vault", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  async function upload(srv: TestServer, pdf: Buffer, to?: string): Promise<{ id: string; version: number }> {
    const res = to
      ? await srv.request(`/v1/documents/${to}/versions`, { as: "clerk", method: "POST", body: draftForm(pdf) })
      : await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(pdf, { fileNumber: "F/check" }) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id?: string; version: number };
    return { id: body.id ?? (to as string), version: body.version };
  }

  it("passes an untouched vault, and names a number taken twice and a replaced PDF", async () => {
    const first = await startTestServer();
    dirs.push(first.dataDir);
    const a = await upload(first, await makePdf({ text: "letter A" }));
    await upload(first, await makePdf({ text: "letter A, revised" }), a.id);
    const b = await upload(first, await makePdf({ text: "letter B" }));
    await first.running.close();
    const clean = await checkVault(first.dataDir);
    expect(clean.out).toContain("OK: every version the log made is in the vault as recorded");
    expect(clean.code).toBe(0);

    // Version 2 of A removed behind the service's back (its row and its PDF); then a new upload takes number 2 again.
    const database = new DatabaseHandle({ engine: "pglite", dataDir: path.join(first.dataDir, "db") });
    await (await database.get()).deleteFrom("versions").where("document_id", "=", a.id).where("n", "=", 2).execute();
    await database.close();
    await fs.rm(path.join(first.dataDir, "documents", a.id, "v", "2.pdf"));
    const second = await startTestServer({ DATA_DIR: first.dataDir });
    expect((await upload(second, await makePdf({ text: "something else entirely" }), a.id)).version).toBe(2);
    await second.running.close();
    await fs.rm(second.dataDir, { recursive: true, force: true });
    // And B's PDF replaced by other bytes.
    await fs.writeFile(path.join(first.dataDir, "documents", b.id, "v", "1.pdf"), await makePdf({ text: "letter B, forged" }));

    const found = await checkVault(first.dataDir);
    expect(found.code).toBe(1);
    expect(found.out).toMatch(new RegExp(`FAIL: document ${a.id} version 2: made twice: entry \\d+ \\(sha256 [0-9a-f]{64}\\) and entry \\d+`));
    expect(found.out).toMatch(new RegExp(`FAIL: document ${b.id} version 1: version 1 of document ${b.id} is damaged in storage`));
  });
});
