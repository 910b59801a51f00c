import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { summarize, type Summary } from "./stats.js";

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `mohar serve` in its own process so that the clients' work is not billed to it. */
export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => reject(new Error("mohar did not start within 30 s")), 30_000);
    lines.on("line", (line) => {
      try {
        const rec = JSON.parse(line) as { msg?: string; url?: string };
        if (rec.msg === "mohar listening" && rec.url) {
          clearTimeout(timer);
          resolve(rec.url);
        }
      } catch {
        // not a log line
      }
    });
    child.once("exit", (code) => reject(new Error(`mohar exited with ${code}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export interface ThroughputResult {
  clients: number;
  signatures: number;
  seconds: number;
  perSecond: number;
  latency: Summary;
  non2xx: number;
}

/**
 * `clients` concurrent clients each sign `perClient` freshly uploaded letters through
 * POST /v1/documents/:id/signatures. Every request is bounded: the run stops by itself.
 */
export async function signThroughput(opts: {
  url: string;
  pdf: Buffer;
  clients: number;
  perClient: number;
  officerId: string;
  headers: (role: "clerk" | "officer") => Record<string, string>;
}): Promise<ThroughputResult> {
  const upload = async (i: number): Promise<string> => {
    const form = new FormData();
    form.set("file", new Blob([opts.pdf], { type: "application/pdf" }), "letter.pdf");
    form.set("title", `Bench letter ${i}`);
    form.set("fileNumber", "F.No. BENCH/2026");
    form.set("kind", "letter");
    const res = await fetch(`${opts.url}/v1/documents`, { method: "POST", body: form, headers: opts.headers("clerk") });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  const ids: string[] = [];
  const total = opts.clients * opts.perClient;
  for (let i = 0; i < total; i += opts.clients) {
    ids.push(...(await Promise.all(Array.from({ length: Math.min(opts.clients, total - i) }, (_, k) => upload(i + k)))));
  }

  const latencies: number[] = [];
  let non2xx = 0;
  const client = async (c: number): Promise<void> => {
    for (let k = 0; k < opts.perClient; k++) {
      const id = ids[c * opts.perClient + k];
      const t0 = performance.now();
      const res = await fetch(`${opts.url}/v1/documents/${id}/signatures`, {
        method: "POST",
        headers: { "content-type": "application/json", ...opts.headers("officer") },
        body: JSON.stringify({ officerId: opts.officerId, reason: "benchmark" }),
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status < 200 || res.status >= 300) non2xx++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.clients }, (_, c) => client(c)));
  const seconds = (performance.now() - t0) / 1000;
  return { clients: opts.clients, signatures: total, seconds, perSecond: total / seconds, latency: summarize(latencies), non2xx };
}
