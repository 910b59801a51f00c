import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { summarize, type Summary } from "./stats.js";

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `mohar serve` in its own process so that the clients' work is not billed to it. */
export async function startService(env: Record<string, string>, nodeArgs: string[] = []): Promise<ServiceProcess> {
  // nodeArgs: Node's own flags for the service, e.g. --cpu-prof to profile it.
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "src/cli.ts", "serve"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("mohar did not start within 120 s"));
    }, 120_000);
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
  /** Each request's latency (ms). */
  samples: number[];
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
  /** Around the signing phase only (uploads excluded), e.g. to attach a tracer. */
  around?: { before(): Promise<void>; after(): Promise<void> };
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
  await opts.around?.before();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.clients }, (_, c) => client(c)));
  const seconds = (performance.now() - t0) / 1000;
  await opts.around?.after();
  return { clients: opts.clients, signatures: total, seconds, perSecond: total / seconds, latency: summarize(latencies), non2xx, samples: latencies };
}

export interface HttpRow {
  clients: number;
  /** Median over rounds of signatures per second. */
  perSecond: number;
  /** Median over rounds of the ratio to the bare RSA rate measured just before that round. */
  overBareRsa: number;
  /** The median over rounds of each round's p50 and p99 (n and mean: every request of every round). */
  latency: Summary;
  non2xx: number;
  rounds: ThroughputResult[];
}

/**
 * HTTP signing with each client count in `plan`, in `rounds` interleaved rounds: each round
 * measures the bare RSA rate (the floor, `floor()`) and then every client count once, so a
 * change in the machine's load moves floor and measure together. Medians over rounds. A warm-up
 * round first (every client count, half the requests) is not counted: it pays for the JIT, the
 * embedded database's first queries and the officer's key being opened.
 */
export async function signThroughputRounds(opts: {
  url: string;
  pdf: Buffer;
  officerId: string;
  headers: (role: "clerk" | "officer") => Record<string, string>;
  plan: Array<{ clients: number; perClient: number }>;
  rounds: number;
  floor: () => Promise<number>;
  log?: (msg: string) => void;
}): Promise<{ rows: HttpRow[]; bareRsaPerSecond: number[] }> {
  const byClients = new Map<number, { results: ThroughputResult[]; ratios: number[]; latencies: number[] }>();
  const floors: number[] = [];
  for (const { clients, perClient } of opts.plan) {
    const res = await signThroughput({ ...opts, clients, perClient: Math.max(2, Math.ceil(perClient / 2)) });
    opts.log?.(`warm-up (not counted): ${clients} clients ${res.perSecond.toFixed(1)} sig/s, p99 ${res.latency.p99.toFixed(1)} ms`);
  }
  for (let r = 0; r < opts.rounds; r++) {
    const floor = await opts.floor();
    floors.push(floor);
    for (const { clients, perClient } of opts.plan) {
      const res = await signThroughput({ ...opts, clients, perClient });
      const slot = byClients.get(clients) ?? { results: [], ratios: [], latencies: [] };
      slot.results.push(res);
      slot.ratios.push(res.perSecond / floor);
      slot.latencies.push(...res.samples);
      byClients.set(clients, slot);
      opts.log?.(`round ${r + 1}: ${clients} clients ${res.perSecond.toFixed(1)} sig/s (bare RSA ${floor.toFixed(0)}/s), p99 ${res.latency.p99.toFixed(1)} ms`);
    }
  }
  const rows = [...byClients].map(([clients, s]) => ({
    clients,
    perSecond: median(s.results.map((x) => x.perSecond)),
    overBareRsa: median(s.ratios),
    latency: { ...summarize(s.latencies), p50: median(s.results.map((x) => x.latency.p50)), p99: median(s.results.map((x) => x.latency.p99)) },
    non2xx: s.results.reduce((a, x) => a + x.non2xx, 0),
    rounds: s.results.map(({ samples: _samples, ...rest }) => ({ ...rest, samples: [] })),
  }));
  return { rows, bareRsaPerSecond: floors };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
