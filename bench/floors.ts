import { createHash, sign, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { summarize, timeRuns, type Summary } from "./stats.js";

const signAsync = promisify(sign);

/** One bare RSA-2048 PKCS#1 v1.5 signature over a SHA-256 digest, on the calling thread. */
export async function rsaSignLatency(key: KeyObject, n: number): Promise<Summary> {
  const data = Buffer.alloc(32, 7);
  return summarize(await timeRuns(n, () => sign("sha256", data, key)));
}

/** SHA-256 over `bytes` with Node's crypto. */
export async function sha256Latency(bytes: Buffer, n: number): Promise<Summary> {
  return summarize(await timeRuns(n, () => createHash("sha256").update(bytes).digest()));
}

/**
 * Bare signatures per second using every core: Node runs async crypto.sign on its libuv
 * thread pool, so `concurrency` requests in flight keep all cores busy.
 */
export async function rsaSignRate(key: KeyObject, seconds: number, concurrency = 16): Promise<number> {
  const data = Buffer.alloc(32, 7);
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await signAsync("sha256", data, key);
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - t0) / 1000);
}
