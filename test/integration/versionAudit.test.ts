import { sign as nodeSign } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decodePkcs12 } from "../../src/pki/index.js";
import { Vault } from "../../src/vault/index.js";
import { DEV_P12_PASSWORD, devOfficer } from "../helpers/devSigning.js";
import { draftForm } from "../helpers/forms.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, TEST_OFFICER_ID, type TestServer } from "../helpers/server.js";

/**
 * Issue #19: when the audit write failed the client got 500/503 but the version was stored, and
 * after a crash versions stayed unrecorded through minutes of normal work. A version and its
 * audit entry are now kept together or not at all.
 */
describe("a version and its audit entry", () => {
  const servers: TestServer[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  async function entriesFor(srv: TestServer, id: string): Promise<Array<{ action: string; version?: number; outcome: string }>> {
    const page = (await (await srv.request(`/v1/documents/${id}/timeline`, { as: "auditor" })).json()) as { steps: Array<{ action: string; version?: number; outcome: string }> };
    return page.steps;
  }

  it("are taken back together when the entry cannot be written: nothing is visible without its entry", async () => {
    const srv = await startTestServer();
    servers.push(srv);
    const { vault, audit } = srv.running.services;
    const created = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "v1" }), { fileNumber: "F/va/1" }) });
    const { id } = (await created.json()) as { id: string };
    const second = await srv.request(`/v1/documents/${id}/versions`, { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "v2" })) });
    expect(second.status).toBe(201);

    // The log fails (here: closed, as after an integrity failure); every write after it fails too.
    await audit.close();
    const upload = await srv.request(`/v1/documents/${id}/versions`, { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "v3" })) });
    expect(upload.status).toBe(503);
    expect(await upload.json()).toMatchObject({ code: "audit.closed" });
    const sign = await srv.request(`/v1/documents/${id}/signatures`, { as: "officer", method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ officerId: TEST_OFFICER_ID }) });
    expect(sign.status).toBe(503);
    const fresh = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "new" }), { fileNumber: "F/va/2" }) });
    expect(fresh.status).toBe(503);

    // Only the two audited versions exist; the new document is gone with its version 1.
    expect((await vault.getDocument(id)).versions.map((v) => v.n)).toEqual([1, 2]);
    expect(await vault.listByFileNumber("F/va/2")).toEqual([]);
  });

  it("a two-phase completion whose entry cannot be written is taken back, and its session opened again", async () => {
    const srv = await startTestServer();
    servers.push(srv);
    const created = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "v1" }), { fileNumber: "F/va/5" }) });
    const { id } = (await created.json()) as { id: string };
    const json = { "Content-Type": "application/json" };
    const prep = await srv.request(`/v1/documents/${id}/signatures/prepare`, { as: "officer", method: "POST", headers: json, body: JSON.stringify({ officerId: TEST_OFFICER_ID }) });
    expect(prep.status).toBe(201);
    const session = (await prep.json()) as { sessionId: string; signedAttributes: string };
    const { privateKey } = decodePkcs12(await fs.readFile((await devOfficer(TEST_OFFICER_ID)).p12), DEV_P12_PASSWORD, "test");
    const signature = nodeSign("sha256", Buffer.from(session.signedAttributes, "base64"), privateKey).toString("base64");

    await srv.running.services.audit.close();
    const complete = await srv.request(`/v1/signing-sessions/${session.sessionId}/complete`, { as: "officer", method: "POST", headers: json, body: JSON.stringify({ signature }) });
    expect(complete.status).toBe(503);
    expect((await srv.running.services.vault.getDocument(id)).versions.map((v) => v.n)).toEqual([1]);
    const state = await srv.request(`/v1/signing-sessions/${session.sessionId}`, { as: "officer" });
    expect(await state.json()).toMatchObject({ status: "open" });
  });

  it("an entry forged into the log's folder while it runs: writes are refused and taken back, and /readyz says so", async () => {
    const srv = await startTestServer();
    servers.push(srv);
    const created = await srv.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "v1" }), { fileNumber: "F/va/4" }) });
    const { id } = (await created.json()) as { id: string };
    expect((await srv.request("/readyz")).status).toBe(200);
    const next = srv.running.services.audit.size;
    // A batch intent claiming the next numbers that no log instance signed, carrying an intruder's entry.
    await fs.writeFile(
      path.join(srv.dataDir, "audit", "intents", `${String(next).padStart(12, "0")}.json`),
      `mohar.local/audit batch\n${next}\n${JSON.stringify({ seq: next, actor: "intruder", action: "document.upload", outcome: "success" })}\n\n— mohar.local/audit AAAA\n`,
    );

    const upload = await srv.request(`/v1/documents/${id}/versions`, { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "v2" })) });
    expect(upload.status).toBe(503);
    expect(await upload.json()).toMatchObject({ code: "audit.integrity" });
    expect((await srv.running.services.vault.getDocument(id)).versions.map((v) => v.n)).toEqual([1]);
    const ready = await srv.request("/readyz");
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ code: "audit.integrity" });
    expect((await srv.request("/healthz")).status).toBe(200);
  });

  it("a version a crash left without its entry is recorded once it is past the grace period, without another restart", async () => {
    const first = await startTestServer();
    servers.push(first);
    const created = await first.request("/v1/documents", { as: "clerk", method: "POST", body: draftForm(await makePdf({ text: "v1" }), { fileNumber: "F/va/3" }) });
    const { id } = (await created.json()) as { id: string };
    // A version stored the way a crash between the two writes leaves it: in the vault, not in the log.
    const vault = await Vault.open(first.running.services.store, first.running.db);
    const lost = await vault.addVersion(id, { pdf: await makePdf({ text: "v2, its entry lost" }), uploader: "clerk", action: "upload" });
    await first.running.close();
    servers.splice(0);
    dirs.push(first.dataDir);

    // The restart's clock stands at the moment the version was stored: it is younger than the grace
    // period at start, however long the restart takes. The clock moves on a minute once the server
    // is up, before the second pass (grace + 1 s of real time after start) looks again.
    let clock = new Date(lost.createdAt);
    const second = await startTestServer({ DATA_DIR: first.dataDir }, { unauditedGraceMs: 1000, now: () => clock });
    servers.push(second);
    expect((await entriesFor(second, id)).filter((e) => e.version === 2)).toEqual([]);
    clock = new Date(clock.getTime() + 60_000);
    for (let waited = 0; waited < 15_000 && (await entriesFor(second, id)).every((e) => e.version !== 2); waited += 250) await new Promise((r) => setTimeout(r, 250));
    expect((await entriesFor(second, id)).filter((e) => e.version === 2)).toEqual([expect.objectContaining({ action: "vault.version_unaudited", outcome: "success" })]);
  });
});
