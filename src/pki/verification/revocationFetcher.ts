import { readCrl, type ParsedCrl } from "./revocation.js";

/** Limits for fetching revocation data; network faults become a fault status, never an exception or a hang. */
export interface FetchLimits {
  /** Whole request, connect to last byte. */
  timeoutMs: number;
  maxBytes: number;
  /** Only 127.0.0.1 and ::1 may be contacted (tests, and deployments that proxy locally). */
  loopbackOnly: boolean;
  /** Told of every fetch that went out: CRL (GET) or OCSP (POST), how it ended, how long it took. */
  observe?: (o: { kind: "crl" | "ocsp"; outcome: "ok" | FetchFault; seconds: number }) => void;
}

export type FetchFault = "refused_host" | "unsupported_url" | "unreachable" | "timeout" | "too_large" | "http_error" | "garbage";

export type Fetched<T> = { ok: true; value: T; url: string } | { ok: false; fault: FetchFault; url: string; detail: string };

/** By address only: a name such as localhost could resolve elsewhere. */
const LOOPBACK = new Set(["127.0.0.1", "[::1]"]);

/** What to POST instead of a GET (an OCSP request). */
export interface PostBody {
  contentType: string;
  body: Buffer;
}

/** GETs (or POSTs) `url` (http only: CRLs and OCSP are served over plain HTTP, signed themselves) within `limits`. */
export async function fetchBounded(url: string, limits: FetchLimits, post?: PostBody): Promise<Fetched<Buffer>> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, fault: "unsupported_url", url, detail: "not a URL" };
  }
  if (parsed.protocol !== "http:") return { ok: false, fault: "unsupported_url", url, detail: `${parsed.protocol} is not fetched` };
  if (limits.loopbackOnly && !LOOPBACK.has(parsed.hostname)) {
    return { ok: false, fault: "refused_host", url, detail: `${parsed.hostname} is not loopback; not contacted` };
  }
  // Loaded on the first fetch: an ES import of node:http also loads Node's fetch (undici), about
  // 100 ms that `mohar verify` and every worker thread would pay for nothing (#16). Not import():
  // the built `mohar verify` is a script run by vm, which has no module loader for it.
  const http = process.getBuiltinModule("node:http");
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Fetched<Buffer>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      limits.observe?.({ kind: post ? "ocsp" : "crl", outcome: r.ok ? "ok" : r.fault, seconds: (performance.now() - started) / 1000 });
      resolve(r);
    };
    const headers = post ? { "content-type": post.contentType, "content-length": String(post.body.length) } : {};
    const req = http.request(parsed, { method: post ? "POST" : "GET", headers }, (res) => {
      if (res.statusCode !== 200) {
        done({ ok: false, fault: "http_error", url, detail: `HTTP ${res.statusCode ?? "?"}` });
        return;
      }
      const declared = Number(res.headers["content-length"] ?? "0");
      if (declared > limits.maxBytes) {
        done({ ok: false, fault: "too_large", url, detail: `${declared} bytes declared, limit ${limits.maxBytes}` });
        return;
      }
      const parts: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) done({ ok: false, fault: "too_large", url, detail: `more than ${limits.maxBytes} bytes` });
        else parts.push(chunk);
      });
      res.on("end", () => done({ ok: true, value: Buffer.concat(parts), url }));
      res.on("error", (e) => done({ ok: false, fault: "unreachable", url, detail: e.message }));
    });
    req.on("error", (e) => done({ ok: false, fault: "unreachable", url, detail: e.message }));
    req.end(post?.body);
    const timer = setTimeout(() => done({ ok: false, fault: "timeout", url, detail: `no complete answer within ${limits.timeoutMs} ms` }), limits.timeoutMs);
  });
}

/** How long a CRL without nextUpdate is reused before it is fetched again. */
const DEFAULT_CRL_REUSE_MS = 60 * 60 * 1000;
const MAX_CACHED_CRLS = 256;

/**
 * CRLs fetched from certificates' distribution points, each reused until its nextUpdate (an hour
 * when it has none), so signing and verifying a batch under one CA fetch its CRL once. Whether a
 * CRL speaks for a certificate (issuer, signature, window) is still the verifier's judgement.
 */
export class CrlFetcher {
  private readonly cache = new Map<string, { crl: ParsedCrl; until: number }>();

  constructor(
    private readonly limits: FetchLimits,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async fetch(url: string): Promise<Fetched<ParsedCrl>> {
    const t = this.now().getTime();
    const cached = this.cache.get(url);
    if (cached && cached.until > t) return { ok: true, value: cached.crl, url };
    const got = await fetchBounded(url, this.limits);
    if (!got.ok) return got;
    let crl: ParsedCrl;
    try {
      crl = readCrl(got.value);
    } catch (e) {
      return { ok: false, fault: "garbage", url, detail: `not a CRL: ${(e as Error).message}` };
    }
    if (this.cache.size >= MAX_CACHED_CRLS) this.cache.clear();
    this.cache.set(url, { crl, until: crl.nextUpdate?.getTime() ?? t + DEFAULT_CRL_REUSE_MS });
    return { ok: true, value: crl, url };
  }

  /** Drops a cached CRL its caller found unusable (not signed by the issuer): the next fetch asks again. */
  forget(url: string): void {
    this.cache.delete(url);
  }
}
