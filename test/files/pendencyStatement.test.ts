import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveTool, pdfsig, qpdfCheck } from "../helpers/interopTools.js";
import { startTestServer, TEST_OFFICER_ID, type Role, type TestServer } from "../helpers/server.js";
import { engineEnv, type EngineEnv } from "./engines.js";

const run = promisify(execFile);
const tools = (await haveTool("pdftotext")) && (await haveTool("pdfsig")) && (await haveTool("qpdf"));
const SEAL = "rajesh-verma";
const OFFICE = "जिला कलेक्टर कार्यालय, पुणे";

interface Statement {
  id: string;
  version: number;
  fileNumber: string;
  title: string;
  kind: string;
  action: string;
  signature: { officerId: string; fieldName: string };
}

describe.runIf(tools)("the weekly statement as a signed PDF", () => {
  let engines: EngineEnv;
  let srv: TestServer;
  let dir: string;

  beforeAll(async () => {
    engines = await engineEnv("pglite");
    srv = await startTestServer({ ...(await engines.env("statement")), STATEMENT_SEAL_OFFICER: SEAL });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-statement-"));
    // Two files with the test officer, one with the seal's officer, in the office; one elsewhere.
    for (const [n, to] of [[1, TEST_OFFICER_ID], [2, TEST_OFFICER_ID], [3, SEAL]] as const) {
      const made = await post("/v1/files", { fileNumber: `STMT/${n}`, subject: "विवरण हेतु", office: OFFICE }, "clerk");
      const { id } = (await made.json()) as { id: string };
      expect((await post(`/v1/files/${id}/movements`, { toOfficer: to }, "clerk")).status).toBe(201);
    }
    expect((await post("/v1/files", { fileNumber: "STMT/other", subject: "x", office: "Elsewhere" }, "clerk")).status).toBe(201);
  });
  afterAll(async () => {
    await srv?.close();
    await engines?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  function post(p: string, body: unknown, as: Role): Promise<Response> {
    return srv.request(p, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, as });
  }

  async function text(pdf: Buffer): Promise<string> {
    const file = path.join(dir, `s-${Math.random().toString(36).slice(2)}.pdf`);
    await fs.writeFile(file, pdf);
    const out = await run("pdftotext", ["-layout", file, "-"]);
    expect(out.stderr).toBe("");
    return out.stdout;
  }

  it("an officer gets the statement signed with their own key, stored as a document, valid in mohar and pdfsig", async () => {
    const res = await post("/v1/reports/pendency/statements", { office: OFFICE }, "officer");
    expect(res.status).toBe(201);
    const s = (await res.json()) as Statement;
    expect(s).toMatchObject({ version: 1, kind: "other", action: "signature", signature: { officerId: TEST_OFFICER_ID } });
    expect(s.fileNumber).toMatch(/^PENDENCY\/जिला कलेक्टर कार्यालय, पुणे\/\d{4}-\d{2}-\d{2}$/);
    const content = await srv.request(res.headers.get("location") as string, { as: "auditor" });
    expect(content.status).toBe(200);
    const pdf = Buffer.from(await content.arrayBuffer());

    // What it says: the Hindi and English headings, the office, each holder's counts and the total.
    const words = await text(pdf);
    for (const expected of ["साप्ताहिक बकाया विवरण / Weekly arrear statement", `कार्यालय / Office: ${OFFICE}`, "लंबित", "Pending"]) expect(words).toContain(expected);
    expect(words).toMatch(new RegExp(`${TEST_OFFICER_ID} \\(अधिकारी\\)\\s+2\\s+0\\s+0\\s+0\\.0`));
    expect(words).toMatch(new RegExp(`${SEAL} \\(अधिकारी\\)\\s+1\\s+0\\s+0\\s+0\\.0`));
    expect(words).toMatch(/कुल \/ Total\s+3\s+0\s+0/);
    expect(words).not.toContain("Elsewhere");

    // Signed, and valid for mohar's own verifier and for poppler.
    const verified = await srv.request(`/v1/documents/${s.id}/versions/1/verification`, { as: "auditor" });
    const report = (await verified.json()) as { signatures: { status: string; signer?: { officerId?: string } }[] };
    expect(report.signatures.map((x) => x.status)).toEqual(["TOTAL_PASSED"]);
    const [sig] = await pdfsig(pdf);
    expect(sig?.signatureValid, sig?.raw).toBe(true);
    expect(sig?.coversWholeDocument).toBe(true);
    expect(await qpdfCheck(pdf)).toContain("No syntax or stream encoding errors found");

    // Filed: the document is listed under its file number, and the issue is in the audit trail.
    const listed = await srv.request(`/v1/documents?fileNumber=${encodeURIComponent(s.fileNumber)}`, { as: "auditor" });
    expect(((await listed.json()) as { documents: { id: string }[] }).documents.map((d) => d.id)).toContain(s.id);
  });

  it("an auditor, bound to no officer, gets it under the office seal; a statement of a past week says what was pending then", async () => {
    const res = await post("/v1/reports/pendency/statements", { office: OFFICE, asOf: "2020-01-01", fileNumber: "TL/2020/1" }, "auditor");
    expect(res.status).toBe(201);
    const s = (await res.json()) as Statement;
    expect(s).toMatchObject({ fileNumber: "TL/2020/1", signature: { officerId: SEAL } });
    const pdf = Buffer.from(await (await srv.request(res.headers.get("location") as string, { as: "auditor" })).arrayBuffer());
    const words = await text(pdf);
    expect(words).toContain("दिनांक / As of: 2020-01-01 23:59 IST");
    expect(words).toMatch(/कुल \/ Total\s+0\s+0\s+0/);
    expect(words).not.toContain(TEST_OFFICER_ID);
  });

  it("refuses clearly: another officer's key, bad dates and fields, clerks", async () => {
    const cases: [Promise<Response>, number, string][] = [
      [post("/v1/reports/pendency/statements", { office: OFFICE, officerId: "priya-nair" }, "officer"), 403, "auth.not_this_officer"],
      [post("/v1/reports/pendency/statements", { asOf: "last monday" }, "officer"), 400, "report.bad_asOf"],
      [post("/v1/reports/pendency/statements", { office: "x".repeat(151) }, "officer"), 400, "request.invalid"],
      [post("/v1/reports/pendency/statements", { office: OFFICE, signer: "me" }, "officer"), 400, "request.invalid"],
      [post("/v1/reports/pendency/statements", {}, "clerk"), 403, "auth.role"],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(((await res.json()) as { code: string }).code).toBe(code);
    }
  });

  it("without an office seal, a caller bound to no officer is told to name one or ask for the seal (409)", async () => {
    const plain = await startTestServer(await engines.env("statement-noseal"));
    try {
      const res = await plain.request("/v1/reports/pendency/statements", { method: "POST", body: "{}", headers: { "content-type": "application/json" }, as: "auditor" });
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ code: "report.no_signer", detail: expect.stringContaining("STATEMENT_SEAL_OFFICER") });
    } finally {
      await plain.close();
    }
  });
});
