import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeysFor } from "../helpers/directKeys.js";
import { makePdf } from "../helpers/pdfs.js";
import { seedPgliteDataDir } from "../helpers/pgliteTemplate.js";

const OFFICER = "anita-sharma";
const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

interface Running {
  child: ChildProcess;
  url: string;
}

/** `mohar serve` as a real process, so it can be SIGKILLed mid-request. */
async function serve(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`mohar exited with ${code} before listening`)));
  });
  return { child, url };
}

async function kill(r: Running): Promise<void> {
  if (r.child.exitCode !== null) return;
  const exited = new Promise((resolve) => r.child.once("exit", resolve));
  r.child.kill("SIGKILL");
  await exited;
}

describe("a kill during signing", () => {
  let dataDir: string;
  let clerk: string;
  let officer: string;
  let running: Running | undefined;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-kill-"));
    // `mohar serve` opens its embedded database at start; a copied empty cluster spares each run an initdb.
    await seedPgliteDataDir(dataDir);
    [clerk, officer] = (await createKeysFor({ DATA_DIR: dataDir }, [
      { role: "clerk", name: "clerk" },
      { role: "officer", name: "officer", officerId: OFFICER },
    ])) as [string, string];
  }, 120_000); // creating the keys opens the embedded database in this process: seconds, more on a loaded machine
  afterAll(async () => {
    if (running) await kill(running);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("leaves, after restart, every listed version whole and numbered without gaps", async () => {
    running = await serve(dataDir);
    const f = new FormData();
    for (const [k, v] of Object.entries({ title: "Tour programme", fileNumber: "F/kill", kind: "letter" })) f.set(k, v);
    f.set("file", new Blob([await makePdf({ pages: 3, text: "Tour programme" })], { type: "application/pdf" }), "draft.pdf");
    const created = await fetch(`${running.url}/v1/documents`, { method: "POST", body: f, headers: { Authorization: `Bearer ${clerk}` } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const sign = (url: string, note: string): Promise<string> =>
      fetch(`${url}/v1/documents/${id}/signatures`, {
        method: "POST",
        headers: { Authorization: `Bearer ${officer}`, "content-type": "application/json" },
        body: JSON.stringify({ officerId: OFFICER, reason: note, timestamp: false }),
      }).then(
        (r) => String(r.status),
        () => "cut",
      );
    // How long the first signature takes in a freshly started process; the kills are spread around it.
    await kill(running);
    running = await serve(dataDir);
    const t0 = Date.now();
    expect(await sign(running.url, "calibration")).toBe("201");
    const signMs = Date.now() - t0;

    const outcomes: string[] = [];
    // Each round signs on a process whose only work so far was the previous round's check (reads
    // and downloads): its first signature, as in the calibration, and one start per round.
    await kill(running);
    running = await serve(dataDir);
    for (const fraction of [0.6, 0.95, 1.1, 1.6]) {
      const signing = sign(running.url, `kill at ${fraction}`);
      await new Promise((r) => setTimeout(r, signMs * fraction));
      await kill(running);
      outcomes.push(await signing);
      running = await serve(dataDir);

      const doc = await fetch(`${running.url}/v1/documents/${id}`, { headers: { Authorization: `Bearer ${clerk}` } });
      expect(doc.status).toBe(200);
      const versions = ((await doc.json()) as { versions: { n: number; sha256: string }[] }).versions;
      expect(versions.map((v) => v.n)).toEqual(versions.map((_, i) => i + 1));
      for (const v of versions) {
        const content = await fetch(`${running.url}/v1/documents/${id}/versions/${v.n}/content`, { headers: { Authorization: `Bearer ${clerk}` } });
        expect(content.status).toBe(200);
        expect(sha256(new Uint8Array(await content.arrayBuffer()))).toBe(v.sha256);
      }
    }
    // Every answer the client got is either a completed signature or a cut connection.
    expect(outcomes.every((o) => o === "201" || o === "cut")).toBe(true);
    // Each acknowledged signature is kept; a cut one is either wholly there or wholly absent.
    const final = ((await (await fetch(`${running.url}/v1/documents/${id}`, { headers: { Authorization: `Bearer ${clerk}` } })).json()) as { versions: unknown[] }).versions.length;
    expect(final).toBeGreaterThanOrEqual(2 + outcomes.filter((o) => o === "201").length);
    expect(final).toBeLessThanOrEqual(2 + outcomes.length);
    // Six starts of `mohar serve` from TypeScript source (each opens the embedded database and a
    // signing worker): 36 s alone, up to 60 s beside the rest of the suite on two cores.
  }, 150_000);
});
