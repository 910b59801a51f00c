import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineEnv, ENGINES, type EngineEnv } from "../files/engines.js";
import { createKeysFor } from "../helpers/directKeys.js";
import { makePdf } from "../helpers/pdfs.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const OFFICER = "anita-sharma";
const OFFICERS = ["anita-sharma", "rajesh-verma"];
/** Documents signed over and over at once: at the kill each has a signature in flight, each at its own point of the work. */
const DOCUMENTS = 3;
/** Files forwarded over and over at once. */
const FILES = 2;
const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
/** The audit actions that make a version (or record one found made without its entry). */
const MAKES_VERSION = new Set(["document.upload", "document.sign", "vault.version_unaudited"]);

interface Running {
  child: ChildProcess;
  url: string;
}

/** `mohar serve` as a real process, so it can be SIGKILLed mid-burst. */
async function serve(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`mohar exited with ${code} before listening:\n${out}`)));
  });
  return { child, url };
}

async function kill(r: Running): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  const exited = new Promise((resolve) => r.child.once("exit", resolve));
  r.child.kill("SIGKILL");
  await exited;
}

interface Entry {
  seq: number;
  action: string;
  outcome: string;
  documentId?: string;
  version?: number;
  sha256?: string;
  fileId?: string;
  fileEvent?: number;
  detail?: string;
}

/**
 * One kill per engine, in a burst that keeps a signature in flight on each of three documents and
 * a forward on each of two files: the kill finds every one of them at its own point (signing on
 * the worker, the PDF stored, the row committed, the audit entry appended, the answer on its way).
 * The restart is in this process with no grace for young versions, so its reconciliation at start
 * is the one that must account for each version a kill left without its entry.
 */
describe.each(ENGINES)("a kill -9 during a burst of signatures and movements on %s", (engine) => {
  let db: EngineEnv;
  let env: Record<string, string>;
  let clerk: string;
  let officer: string;
  let admin: string;
  let running: Running | undefined;
  let restarted: TestServer | undefined;

  beforeAll(async () => {
    db = await engineEnv(engine);
    env = await db.env("killburst");
    [clerk, officer, admin] = (await createKeysFor(env, [
      { role: "clerk", name: "clerk" },
      { role: "officer", name: "officer", officerId: OFFICER },
      { role: "admin", name: "admin" },
    ])) as [string, string, string];
  }, 120_000); // creating the keys opens the embedded database in this process: seconds, more on a loaded machine
  afterAll(async () => {
    if (running) await kill(running);
    await restarted?.close();
    await db?.stop();
  });

  it("loses no acknowledged signature or movement; after restart the log and the database agree", async () => {
    running = await serve(env);
    const url = running.url;
    const call = (base: string, p: string, key: string, body?: unknown) =>
      fetch(`${base}${p}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { Authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const pdf = await makePdf({ pages: 2, text: "Tour programme" });
    const docIds = await Promise.all(
      Array.from({ length: DOCUMENTS }, async (_, i) => {
        const f = new FormData();
        for (const [k, v] of Object.entries({ title: `Tour programme ${i}`, fileNumber: `F/kill/${engine}/d${i}`, kind: "letter" })) f.set(k, v);
        f.set("file", new Blob([pdf], { type: "application/pdf" }), "draft.pdf");
        const res = await fetch(`${url}/v1/documents`, { method: "POST", body: f, headers: { Authorization: `Bearer ${clerk}` } });
        expect(res.status).toBe(201);
        return ((await res.json()) as { id: string }).id;
      }),
    );
    const fileIds = await Promise.all(
      Array.from({ length: FILES }, async (_, i) => {
        const res = await call(url, "/v1/files", clerk, { fileNumber: `F/kill/${engine}/f${i}`, subject: "burst", office: "Kill" });
        expect(res.status).toBe(201);
        return ((await res.json()) as { id: string }).id;
      }),
    );

    const signed = new Map<string, { n: number; sha256: string }[]>(docIds.map((id) => [id, []]));
    const moved: { fileId: string; remarks: string }[] = [];
    const refused: string[] = [];
    let cut = 0;
    /** Repeats `step` until the kill cuts its connection; any answer but 201 stops the chain and fails the test. */
    const chain = async (step: (k: number) => Promise<Response>, acked: (res: Response, k: number) => Promise<void>) => {
      for (let k = 0; ; k++) {
        let res: Response;
        try {
          res = await step(k);
        } catch {
          cut += 1;
          return;
        }
        if (res.status !== 201) {
          refused.push(`answered ${res.status}: ${await res.text()}`);
          return;
        }
        try {
          await acked(res, k);
        } catch {
          // The body was cut by the kill after the status line: not acknowledged.
          cut += 1;
          return;
        }
      }
    };
    const chains = [
      ...docIds.map((id) =>
        chain(
          (k) => call(url, `/v1/documents/${id}/signatures`, officer, { officerId: OFFICER, reason: `burst ${k}`, timestamp: false }),
          async (res) => {
            const v = (await res.json()) as { version: number; sha256: string };
            signed.get(id)?.push({ n: v.version, sha256: v.sha256 });
          },
        ),
      ),
      ...fileIds.map((fileId) =>
        chain(
          (k) => call(url, `/v1/files/${fileId}/movements`, admin, { toOfficer: OFFICERS[k % 2], remarks: `burst ${k}` }),
          async (_res, k) => void moved.push({ fileId, remarks: `burst ${k}` }),
        ),
      ),
    ];
    // Past the first signatures (the key opened, the worker warm): each chain is then mid-request.
    const settled = () => [...signed.values()].every((v) => v.length >= 2) && moved.length >= 10;
    while (!settled() && refused.length === 0) await new Promise((r) => setTimeout(r, 20));
    await kill(running);
    await Promise.all(chains);
    expect(refused).toEqual([]);
    expect(cut).toBe(DOCUMENTS + FILES);

    const logged: string[] = [];
    const logs = new Writable({ write: (chunk: Buffer, _enc, done) => void (logged.push(chunk.toString()), done()) });
    restarted = await startTestServer(env, { unauditedGraceMs: 0, logger: pino({ level: "info" }, logs) });
    const srv = restarted;
    const get = async <T>(p: string): Promise<T> => {
      const res = await srv.request(p, { as: "auditor" });
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };
    const entries: Entry[] = [];
    for (let from = 0; ; ) {
      const page = await get<{ size: number; to: number; entries: Entry[] }>(`/v1/audit/entries?from=${from}&to=${from + 1000}`);
      entries.push(...page.entries);
      if (page.to >= page.size) break;
      from = page.to;
    }
    const startLogs = logged.map((l) => JSON.parse(l) as { level: number; msg: string; versions?: { id: string; n: number }[]; fileEvents?: { fileId: string; event: number }[] });
    // No version the log made is missing from the database (that check logs an error at start).
    expect(startLogs.filter((l) => l.level >= 50)).toEqual([]);
    const recordedAtStart = startLogs.flatMap((l) => l.versions ?? []);

    for (const id of docIds) {
      const versions = (await get<{ versions: { n: number; sha256: string }[] }>(`/v1/documents/${id}`)).versions;
      // Numbered without gaps, every one whole.
      expect(versions.map((v) => v.n)).toEqual(versions.map((_, i) => i + 1));
      for (const v of versions) {
        const content = await srv.request(`/v1/documents/${id}/versions/${v.n}/content`, { as: "auditor" });
        expect(content.status).toBe(200);
        expect(sha256(new Uint8Array(await content.arrayBuffer()))).toBe(v.sha256);
      }
      // Every acknowledged signature is there as answered; the one the kill cut is wholly there or wholly absent.
      const acked = signed.get(id) ?? [];
      for (const a of acked) expect(versions[a.n - 1]).toEqual(expect.objectContaining({ n: a.n, sha256: a.sha256 }));
      expect(versions.length).toBeGreaterThanOrEqual(1 + acked.length);
      expect(versions.length).toBeLessThanOrEqual(2 + acked.length);
      // The log and the database agree: the versions the log says were made are exactly those stored, with the same bytes.
      const made = entries.filter((e) => e.documentId === id && e.outcome === "success" && MAKES_VERSION.has(e.action));
      expect(made.map((e) => [e.version, e.sha256]).sort()).toEqual(versions.map((v) => [v.n, v.sha256]).sort());
      // A version found without its entry is named at start, and only such a one.
      const late = made.filter((e) => e.action === "vault.version_unaudited").map((e) => e.version);
      expect(recordedAtStart.filter((v) => v.id === id).map((v) => v.n)).toEqual(late);
    }

    for (const fileId of fileIds) {
      const moves = (await get<{ movements: { step: number; remarks: string | null; to: string | null; holder: { id: string } }[] }>(`/v1/files/${fileId}/movements`)).movements;
      const remarks = moves.map((m) => m.remarks);
      const acked = moved.filter((x) => x.fileId === fileId);
      for (const a of acked) expect(remarks).toContain(a.remarks);
      // One unbroken chain of custody: steps numbered without gaps, exactly one still open.
      expect(moves.map((m) => m.step)).toEqual(moves.map((_, i) => i + 1));
      expect(moves.filter((m) => m.to === null)).toHaveLength(1);
      // Every forward the log records is a step in the database, to the holder it names.
      const forwards = entries.filter((e) => e.action === "file.forward" && e.outcome === "success" && e.detail?.startsWith(`file ${fileId} `));
      expect(forwards.length).toBeGreaterThanOrEqual(acked.length);
      for (const f of forwards) {
        const [, step, holder] = /step (\d+): forwarded to officer (\S+)$/.exec(f.detail ?? "") ?? [];
        expect(moves[Number(step) - 1]?.holder.id).toBe(holder);
      }
    }

    // And the other way: every file event the database holds is in the log exactly once, by its
    // own entry or recorded at start; the start warning names exactly the ones it recorded.
    const events = await srv.running.db.selectFrom("file_events").select(["id", "file_id"]).where("file_id", "in", fileIds).execute();
    expect(events.length).toBeGreaterThanOrEqual(FILES + moved.length);
    for (const ev of events) {
      const naming = entries.filter((e) => e.fileEvent === Number(ev.id) && e.outcome === "success");
      expect(naming.map((e) => e.fileId)).toEqual([ev.file_id]);
    }
    const recordedEvents = startLogs.flatMap((l) => l.fileEvents ?? []);
    const lateEvents = entries.filter((e) => e.action === "file.event_unaudited");
    expect(recordedEvents.map((e) => [e.fileId, e.event]).sort()).toEqual(lateEvents.map((e) => [e.fileId, e.fileEvent]).sort());

    // The database still takes writes after the kill.
    const again = await srv.request(`/v1/documents/${docIds[0]}/signatures`, {
      method: "POST",
      key: officer,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ officerId: OFFICER, reason: "after restart", timestamp: false }),
    });
    expect(again.status).toBe(201);
    const forward = await srv.request(`/v1/files/${fileIds[0]}/movements`, { method: "POST", key: admin, headers: { "content-type": "application/json" }, body: JSON.stringify({ toSection: "Records", remarks: "after restart" }) });
    expect(forward.status).toBe(201);
  }, 150_000); // one start of `mohar serve` (its embedded database, a signing worker), one start in this process
});
