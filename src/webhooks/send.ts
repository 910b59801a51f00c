import http from "node:http";
import https from "node:https";
import type { TargetPolicy } from "./targetPolicy.js";

export interface SendResult {
  /** The receiver's status code; null when none came (refused, reset, timed out). */
  status: number | null;
  error: string | null;
}

const MAX_ERROR = 300;

/**
 * POSTs one signed body. Whatever the receiver does (refuses, hangs, answers slowly, sends a
 * huge body, redirects), this settles within `timeoutMs` with a status or an error; redirects
 * are not followed (a 3xx is a failure, as Standard Webhooks advises).
 */
export function sendWebhook(url: URL, headers: Record<string, string>, body: string, opts: { timeoutMs: number; policy: TargetPolicy }): Promise<SendResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: SendResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ status: r.status, error: r.error && r.error.length > MAX_ERROR ? `${r.error.slice(0, MAX_ERROR - 1)}…` : r.error });
    };
    const payload = Buffer.from(body, "utf8");
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": String(payload.length), "user-agent": "mohar-webhooks/1" },
        lookup: opts.policy.lookup,
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? null;
        // The answer's body is not read: only its status counts.
        done({ status, error: status !== null && status >= 200 && status < 300 ? null : `HTTP ${status ?? "?"}` });
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => done({ status: null, error: e.code ? `${e.code}: ${e.message}` : e.message }));
    const timer = setTimeout(() => done({ status: null, error: `no answer within ${opts.timeoutMs} ms` }), opts.timeoutMs);
    req.end(payload);
  });
}
