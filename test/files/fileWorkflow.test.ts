import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, TEST_OFFICER_ID, type Role, type TestServer } from "../helpers/server.js";
import { engineEnv, ENGINES, type EngineEnv } from "./engines.js";
import { startTestPostgres } from "../helpers/postgres.js";

const OTHER_OFFICER = "rajesh-verma";

interface FileBody {
  id: string;
  fileNumber: string;
  status: string;
  version: number;
  holder: { kind: string; id: string };
  documents: string[];
}

describe.each(ENGINES)("files on %s", (engine) => {
  let db: EngineEnv;
  let srv: TestServer;
  let otherOfficer: string;
  let serial = 0;

  beforeAll(async () => {
    db = await engineEnv(engine);
    srv = await startTestServer(await db.env("workflow"));
    otherOfficer = await srv.createKey("officer", OTHER_OFFICER);
  });
  afterAll(async () => {
    await srv?.close();
    await db?.stop();
  });

  const post = (path: string, body: unknown, as: Role | { key: string }, headers: Record<string, string> = {}) =>
    srv.request(path, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", ...headers },
      ...(typeof as === "string" ? { as } : { key: as.key }),
    });
  const openFile = async (extra: Record<string, unknown> = {}): Promise<FileBody> => {
    serial += 1;
    const res = await post("/v1/files", { fileNumber: `F.No. ${serial}/2026-Estt.`, subject: "Leave rules", office: "Estt", ...extra }, "clerk");
    expect(res.status).toBe(201);
    return (await res.json()) as FileBody;
  };
  const forward = (id: string, body: unknown, as: Role | { key: string }, headers?: Record<string, string>) => post(`/v1/files/${id}/movements`, body, as, headers);

  it("opens a file, forwards it clerk -> officer -> officer, receives, closes; movements show every holder", async () => {
    const file = await openFile({ fileNumber: "फा.सं. 12/34/2026-स्था.", subject: "अवकाश नियम" });
    expect(file).toMatchObject({ fileNumber: "फा.सं. 12/34/2026-स्था.", status: "open", holder: { kind: "user", id: srv.actorIds.clerk }, version: 1 });
    expect((await forward(file.id, { toOfficer: TEST_OFFICER_ID, remarks: "कृपया देखें" }, "clerk")).status).toBe(201);
    const received = await post(`/v1/files/${file.id}/receive`, {}, "officer");
    expect(received.status).toBe(200);
    const sent = await forward(file.id, { toOfficer: OTHER_OFFICER, remarks: "for approval" }, "officer");
    expect(sent.status).toBe(201);
    expect(((await sent.json()) as FileBody).holder).toEqual({ kind: "officer", id: OTHER_OFFICER });
    expect((await post(`/v1/files/${file.id}/close`, {}, { key: otherOfficer })).status).toBe(200);

    const moves = (await (await srv.request(`/v1/files/${file.id}/movements`, { as: "auditor" })).json()) as {
      movements: { step: number; holder: { id: string }; from: string; to: string | null; calendarMs: number; workingMs: number; remarks: string | null; receivedAt: string | null }[];
    };
    expect(moves.movements.map((m) => m.holder.id)).toEqual([srv.actorIds.clerk, TEST_OFFICER_ID, OTHER_OFFICER]);
    expect(moves.movements[1]).toMatchObject({ remarks: "कृपया देखें" });
    expect(moves.movements[1]?.receivedAt).not.toBeNull();
    for (const m of moves.movements) {
      expect(m.to).not.toBeNull();
      expect(m.calendarMs).toBe(Date.parse(m.to as string) - Date.parse(m.from));
      expect(m.workingMs).toBeLessThanOrEqual(m.calendarMs);
    }
    // Every change left an audit entry naming the file.
    const entries = (await (await srv.request("/v1/audit/entries?from=0&to=1000", { as: "auditor" })).json()) as { entries: { action: string; outcome: string; detail?: string }[] };
    const mine = entries.entries.filter((e) => e.detail?.includes(file.id)).map((e) => `${e.action}:${e.outcome}`);
    expect(mine).toEqual(["file.open:success", "file.forward:success", "file.receive:success", "file.forward:success", "file.close:success"]);
  });

  it("a file sent to a section is received by whoever takes it there; its time limit goes with it", async () => {
    const file = await openFile({ dueDate: "2099-03-31" });
    expect((await forward(file.id, { toSection: "स्थापना-II" }, "clerk")).status).toBe(201);
    const taken = (await (await post(`/v1/files/${file.id}/receive`, {}, "officer")).json()) as FileBody & { dueDate: string | null };
    expect(taken.holder).toEqual({ kind: "officer", id: TEST_OFFICER_ID });
    expect(taken.dueDate).toBe("2099-03-31");
    expect((await srv.request(`/v1/files?holder=${TEST_OFFICER_ID}&status=open`, { as: "auditor" }).then((r) => r.json())) as { files: { id: string }[] }).toMatchObject({
      files: expect.arrayContaining([expect.objectContaining({ id: file.id })]),
    });
  });

  it("parks a file with its holder, who may reopen it or send it on", async () => {
    const file = await openFile();
    expect((await post(`/v1/files/${file.id}/park`, {}, "officer")).status).toBe(403);
    const parked = (await (await post(`/v1/files/${file.id}/park`, {}, "clerk")).json()) as FileBody;
    expect(parked).toMatchObject({ status: "parked", holder: { kind: "user", id: srv.actorIds.clerk } });
    const again = await post(`/v1/files/${file.id}/park`, {}, "clerk");
    expect({ status: again.status, code: ((await again.json()) as { code: string }).code }).toEqual({ status: 409, code: "file.parked" });
    expect(((await (await post(`/v1/files/${file.id}/reopen`, {}, "clerk")).json()) as FileBody).status).toBe("open");
    expect((await post(`/v1/files/${file.id}/park`, {}, "clerk")).status).toBe(200);
    const sent = (await (await forward(file.id, { toOfficer: TEST_OFFICER_ID }, "clerk")).json()) as FileBody;
    expect(sent).toMatchObject({ status: "open", holder: { kind: "officer", id: TEST_OFFICER_ID } });
  });

  it("two concurrent forwards of one file version: exactly one wins, the other is 409", async () => {
    const file = await openFile();
    const ifMatch = { "If-Match": `"${file.version}"` };
    const statuses = await Promise.all([
      forward(file.id, { toOfficer: TEST_OFFICER_ID }, "clerk", ifMatch).then((r) => r.status),
      forward(file.id, { toOfficer: OTHER_OFFICER }, "admin", ifMatch).then((r) => r.status),
    ]);
    expect(statuses.sort()).toEqual([201, 409]);
    const moves = (await (await srv.request(`/v1/files/${file.id}/movements`, { as: "auditor" })).json()) as { movements: unknown[] };
    expect(moves.movements).toHaveLength(2);
  });

  it("refuses bad input with a clear 4xx problem", async () => {
    const file = await openFile();
    const cases: [Promise<Response>, number, string][] = [
      [forward("no-such-file", { toOfficer: TEST_OFFICER_ID }, "clerk"), 404, "file.not_found"],
      [forward(file.id, { toOfficer: TEST_OFFICER_ID }, "officer"), 403, "file.not_holder"],
      [forward(file.id, { toOfficer: "nobody-at-all" }, "clerk"), 422, "file.unknown_officer"],
      [forward(file.id, { toOfficer: TEST_OFFICER_ID, dueDate: "2001-01-01" }, "clerk"), 400, "file.due_date_past"],
      [forward(file.id, { toOfficer: TEST_OFFICER_ID, dueDate: "2026-02-30" }, "clerk"), 400, "file.bad_input"],
      [forward(file.id, { toOfficer: TEST_OFFICER_ID, toSection: "Estt" }, "clerk"), 400, "file.bad_input"],
      [forward(file.id, { toOfficer: TEST_OFFICER_ID, remarks: "न".repeat(2001) }, "clerk"), 400, "file.bad_input"],
      [forward(file.id, { toOfficer: TEST_OFFICER_ID }, "clerk", { "If-Match": '"99"' }), 409, "file.moved"],
      [post("/v1/files", { fileNumber: "x".repeat(101), subject: "s", office: "o" }, "clerk"), 400, "file.bad_input"],
      [post("/v1/files", { fileNumber: "F\u0000", subject: "s", office: "o" }, "clerk"), 400, "file.bad_input"],
      [post("/v1/files", { fileNumber: file.fileNumber, subject: "s", office: "o" }, "clerk"), 409, "file.number_taken"],
      [post("/v1/files", { fileNumber: "F/role", subject: "s", office: "o" }, "auditor"), 403, "auth.role"],
      [post(`/v1/files/${file.id}/documents`, { documentId: "00000000-0000-4000-8000-000000000000" }, "clerk"), 422, "file.unknown_document"],
      [srv.request("/v1/reports/pendency?asOf=yesterday", { as: "auditor" }), 400, "report.bad_asOf"],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect({ status: res.status, code: ((await res.json()) as { code: string }).code }).toEqual({ status, code });
    }
    expect((await post(`/v1/files/${file.id}/close`, {}, "clerk")).status).toBe(200);
    const closed = await forward(file.id, { toOfficer: TEST_OFFICER_ID }, "clerk");
    expect({ status: closed.status, code: ((await closed.json()) as { code: string }).code }).toEqual({ status: 409, code: "file.closed" });
    expect((await post(`/v1/files/${file.id}/reopen`, {}, "officer")).status).toBe(403);
    expect((await post(`/v1/files/${file.id}/reopen`, {}, "clerk")).status).toBe(200);
    expect((await forward(file.id, { toOfficer: TEST_OFFICER_ID }, "clerk")).status).toBe(201);
  });

  it("lists what is pending with an officer, oldest first, with overdue flags; 'me' is the bound officer", async () => {
    const today = new Date(Date.now() + 5.5 * 3_600_000).toISOString().slice(0, 10);
    const a = await openFile({ office: "Pending" });
    const b = await openFile({ office: "Pending" });
    expect((await forward(a.id, { toOfficer: OTHER_OFFICER, dueDate: today }, "clerk")).status).toBe(201);
    expect((await forward(b.id, { toOfficer: OTHER_OFFICER }, "clerk")).status).toBe(201);
    const list = (await (await srv.request(`/v1/officers/${OTHER_OFFICER}/pending`, { as: "auditor" })).json()) as {
      pending: { fileId: string; daysHeld: number; overdue: boolean; dueDate: string | null }[];
    };
    const ids = list.pending.map((p) => p.fileId);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
    expect(list.pending.find((p) => p.fileId === a.id)).toMatchObject({ daysHeld: 0, overdue: false, dueDate: today });
    const me = (await (await srv.request("/v1/officers/me/pending", { key: otherOfficer })).json()) as { holder: unknown; pending: { fileId: string }[] };
    expect(me.holder).toEqual({ kind: "officer", id: OTHER_OFFICER });
    expect(me.pending.map((p) => p.fileId)).toEqual(ids);
    // A week from now, what is still pending is over 7 days old, and the due date has passed.
    const later = new Date(Date.now() + 8 * 86_400_000).toISOString();
    const report = (await (await srv.request(`/v1/reports/pendency?office=Pending&asOf=${later}`, { as: "auditor" })).json()) as { rows: Record<string, unknown>[] };
    expect(report.rows).toEqual([{ office: "Pending", holderKind: "officer", holderId: OTHER_OFFICER, pending: 2, overdue: 1, pendingOver7Days: 2, medianDaysHeld: expect.any(Number) }]);
    expect(report.rows[0]?.medianDaysHeld).toBeGreaterThan(7);
    // Before the files existed nothing was pending.
    const before = (await (await srv.request("/v1/reports/pendency?office=Pending&asOf=2020-01-01", { as: "auditor" })).json()) as { rows: unknown[] };
    expect(before.rows).toEqual([]);
  });

  it("gives the pendency and activity reports as CSV too", async () => {
    const f = await openFile({ office: "कार्यालय, \"क\"" });
    expect((await forward(f.id, { toOfficer: TEST_OFFICER_ID }, "clerk")).status).toBe(201);
    expect((await post(`/v1/files/${f.id}/receive`, {}, "officer")).status).toBe(200);
    const office = encodeURIComponent("कार्यालय, \"क\"");
    const activity = (await (await srv.request(`/v1/reports/activity?office=${office}`, { as: "auditor" })).json()) as { rows: unknown[] };
    expect(activity.rows).toEqual([{ office: "कार्यालय, \"क\"", created: 1, received: 1, forwarded: 1, parked: 0, closed: 0, reopened: 0, signatures: 0 }]);
    const csv = await srv.request(`/v1/reports/activity?office=${office}`, { as: "auditor", headers: { Accept: "text/csv" } });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect((await csv.text()).replace(/^\uFEFF/, "")).toBe('office,created,received,forwarded,parked,closed,reopened,signatures\r\n"कार्यालय, ""क""",1,1,1,0,0,0,0\r\n');
    const pendency = await srv.request(`/v1/reports/pendency?office=${office}&format=csv`, { as: "officer" });
    expect(pendency.status).toBe(200);
    const lines = (await pendency.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("office,holderKind,holderId,pending,overdue,pendingOver7Days,medianDaysHeld");
    expect(lines[1]).toMatch(new RegExp(`^"कार्यालय, ""क""",officer,${TEST_OFFICER_ID},1,0,0,`));
    expect((await srv.request("/v1/reports/pendency", { as: "clerk" })).status).toBe(403);
  });

  it("counts in the activity report the signatures made in the period, for the office of the document's file", async () => {
    const f = await openFile({ office: "Signing office" });
    const upload = async (fileNumber: string): Promise<string> => {
      const form = new FormData();
      for (const [k, v] of Object.entries({ title: "Draft", fileNumber, kind: "letter" })) form.set(k, v);
      form.set("file", new Blob([await makePdf({ pages: 1, text: "draft" })], { type: "application/pdf" }), "d.pdf");
      const res = await srv.request("/v1/documents", { method: "POST", body: form, as: "clerk" });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const sign = async (id: string) => expect((await post(`/v1/documents/${id}/signatures`, { officerId: TEST_OFFICER_ID, timestamp: false }, "officer")).status).toBe(201);
    const pause = () => new Promise((r) => setTimeout(r, 5));
    const t0 = new Date();
    await pause();
    // On the file by its number and attached to it too (counted once); attached only; on no file at all.
    const numbered = await upload(f.fileNumber);
    expect((await post(`/v1/files/${f.id}/documents`, { documentId: numbered }, "clerk")).status).toBe(201);
    const attached = await upload(`F/attached/${engine}`);
    expect((await post(`/v1/files/${f.id}/documents`, { documentId: attached }, "clerk")).status).toBe(201);
    const loose = await upload(`F/on no file/${engine}`);
    for (const id of [numbered, attached, loose]) await sign(id);
    await pause();
    const t1 = new Date();
    await pause();
    await sign(numbered);
    await pause();
    const t2 = new Date();
    const rows = async (from: Date, to: Date, office?: string) => {
      const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), ...(office ? { office } : {}) });
      const res = await srv.request(`/v1/reports/activity?${q}`, { as: "auditor" });
      expect(res.status).toBe(200);
      return ((await res.json()) as { rows: { office: string; signatures: number }[] }).rows;
    };
    // The uploads in the window are no signatures; the file was opened before it, so the signatures alone make the row.
    expect(await rows(t0, t1, "Signing office")).toEqual([{ office: "Signing office", created: 0, received: 0, forwarded: 0, parked: 0, closed: 0, reopened: 0, signatures: 2 }]);
    // The document on no file counts for no office.
    expect((await rows(t0, t1)).reduce((n, r) => n + r.signatures, 0)).toBe(2);
    // A signature after the window is not in it, and is in the next one.
    expect((await rows(t1, t2, "Signing office")).map((r) => r.signatures)).toEqual([1]);
    // Before it: the file's opening, no signature.
    expect(await rows(new Date(t0.getTime() - 3_600_000), t0, "Signing office")).toEqual([expect.objectContaining({ created: 1, signatures: 0 })]);
  });

  it("attaches a vault document to the file it belongs on", async () => {
    const f = await openFile();
    const form = new FormData();
    form.set("title", "Draft");
    form.set("fileNumber", f.fileNumber);
    form.set("kind", "letter");
    form.set("file", new Blob([await makePdf({ pages: 1, text: "draft" })], { type: "application/pdf" }), "d.pdf");
    const uploaded = await srv.request("/v1/documents", { method: "POST", body: form, as: "clerk" });
    expect(uploaded.status).toBe(201);
    const doc = (await uploaded.json()) as { id: string };
    const attached = await post(`/v1/files/${f.id}/documents`, { documentId: doc.id }, "clerk");
    expect(attached.status).toBe(201);
    expect(((await attached.json()) as FileBody).documents).toEqual([doc.id]);
    expect((await post(`/v1/files/${f.id}/documents`, { documentId: doc.id }, "clerk")).status).toBe(409);
  });
});

describe("files on a PostgreSQL server that goes away", () => {
  it("answers 503 problem+json, and the service stays up", async () => {
    const pg = await startTestPostgres();
    const srv = await startTestServer({ DATABASE_URL: await pg.createDatabase("goes_away") });
    try {
      const opened = await srv.request("/v1/files", {
        method: "POST",
        as: "clerk",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ fileNumber: "F/away", subject: "s", office: "o" }),
      });
      expect(opened.status).toBe(201);
      const { id } = (await opened.json()) as { id: string };
      await pg.stop();
      const res = await srv.request(`/v1/files/${id}`, { as: "auditor" });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { code: string }).code).toBe("database.unavailable");
      expect((await srv.request("/healthz")).status).toBe(200);
    } finally {
      await srv.close();
      await pg.stop();
    }
  });
});
