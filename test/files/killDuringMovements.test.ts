import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeysFor } from "../helpers/directKeys.js";
import { engineEnv, ENGINES, type EngineEnv } from "./engines.js";

const OFFICERS = ["anita-sharma", "rajesh-verma"];
const FILES = 4;

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
  if (r.child.exitCode !== null) return;
  const exited = new Promise((resolve) => r.child.once("exit", resolve));
  r.child.kill("SIGKILL");
  await exited;
}

describe.each(ENGINES)("a kill -9 during a burst of movements on %s", (engine) => {
  let db: EngineEnv;
  let env: Record<string, string>;
  let clerk: string;
  let admin: string;
  let running: Running | undefined;

  beforeAll(async () => {
    db = await engineEnv(engine);
    env = await db.env("killburst");
    [clerk, admin] = (await createKeysFor(env, [
      { role: "clerk", name: "clerk" },
      { role: "admin", name: "admin" },
    ])) as [string, string];
  }, 120_000); // creating the keys opens the embedded database in this process: seconds, more on a loaded machine
  afterAll(async () => {
    if (running) await kill(running);
    await db?.stop();
  });

  it("loses no acknowledged movement, and each has its audit entry", async () => {
    running = await serve(env);
    const call = (url: string, p: string, key: string, body?: unknown) =>
      fetch(`${url}${p}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { Authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const ids: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const res = await call(running.url, "/v1/files", clerk, { fileNumber: `F/kill/${engine}/${i}`, subject: "burst", office: "Kill" });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    // Each file is forwarded on and on by an admin; the acknowledged remarks are what must survive.
    const acked: { fileId: string; remarks: string }[] = [];
    const refused: string[] = [];
    let cut = 0;
    const url = running.url;
    const chains = ids.map(async (fileId) => {
      for (let k = 0; ; k++) {
        const remarks = `burst ${k}`;
        try {
          const res = await call(url, `/v1/files/${fileId}/movements`, admin, { toOfficer: OFFICERS[k % 2], remarks });
          if (res.status !== 201) {
            refused.push(`forward answered ${res.status}: ${await res.text()}`);
            return;
          }
          acked.push({ fileId, remarks });
        } catch {
          // The connection was cut by the kill.
          cut += 1;
          return;
        }
      }
    });
    while (acked.length < 40 && refused.length === 0) await new Promise((r) => setTimeout(r, 20));
    await kill(running);
    await Promise.all(chains);
    expect(refused).toEqual([]);
    expect(cut).toBe(FILES);

    running = await serve(env);
    const audit = (await (await call(running.url, "/v1/audit/entries?from=0&to=1000", admin)).json()) as { entries: { action: string; outcome: string; detail?: string }[] };
    for (const fileId of ids) {
      const moves = (await (await call(running.url, `/v1/files/${fileId}/movements`, admin)).json()) as { movements: { step: number; remarks: string | null; to: string | null }[] };
      const remarks = moves.movements.map((m) => m.remarks);
      for (const a of acked.filter((x) => x.fileId === fileId)) expect(remarks).toContain(a.remarks);
      // One unbroken chain of custody: steps numbered without gaps, exactly one still open.
      expect(moves.movements.map((m) => m.step)).toEqual(moves.movements.map((_, i) => i + 1));
      expect(moves.movements.filter((m) => m.to === null)).toHaveLength(1);
      const forwards = audit.entries.filter((e) => e.action === "file.forward" && e.outcome === "success" && e.detail?.startsWith(`file ${fileId} `));
      expect(forwards.length).toBeGreaterThanOrEqual(acked.filter((x) => x.fileId === fileId).length);
    }
    // The database still takes writes after the kill.
    expect((await call(running.url, `/v1/files/${ids[0]}/movements`, admin, { toSection: "Records", remarks: "after restart" })).status).toBe(201);
  }, 120_000); // two starts of `mohar serve`, each opening its embedded database
});
