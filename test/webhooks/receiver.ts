import { createHmac, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { loopbackServer, type LoopbackServer } from "../helpers/loopbackServer.js";

export interface Received {
  id: string;
  timestamp: number;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Verifies a delivery as a receiver following Standard Webhooks would, written from the spec
 * alone: HMAC-SHA256 keyed with the base64-decoded secret (after `whsec_`) over
 * `{webhook-id}.{webhook-timestamp}.{raw body}`, compared in constant time with each `v1,`
 * signature of the space-separated header, and a timestamp within `toleranceS` of `nowS`.
 */
export function verifyStandardWebhook(secret: string, headers: http.IncomingHttpHeaders, body: Buffer, nowS: number, toleranceS = 300): boolean {
  const id = headers["webhook-id"];
  const ts = headers["webhook-timestamp"];
  const sigs = headers["webhook-signature"];
  if (typeof id !== "string" || typeof ts !== "string" || typeof sigs !== "string" || !/^\d+$/.test(ts)) return false;
  if (Math.abs(nowS - Number(ts)) > toleranceS) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(Buffer.concat([Buffer.from(`${id}.${ts}.`), body])).digest();
  return sigs.split(" ").some((s) => {
    const [version, b64] = s.split(",");
    if (version !== "v1" || !b64) return false;
    const got = Buffer.from(b64, "base64");
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

export type ReceiverMode = "up" | "down" | "hang" | "503";

/** A webhook receiver on 127.0.0.1 that can be down (drops connections), hang, or answer 503. */
export interface TestReceiver {
  url: string;
  mode: ReceiverMode;
  secret: string;
  /** Deliveries that verified and were answered 204, in arrival order. */
  received: Received[];
  /** Requests whose signature did not verify. */
  badSignatures: number;
  /** Every request that arrived, whatever the mode. */
  requests: number;
  close(): Promise<void>;
}

export async function startReceiver(nowS: () => number): Promise<TestReceiver> {
  const r = { mode: "up" as ReceiverMode, secret: "", received: [] as Received[], badSignatures: 0, requests: 0 };
  const server: LoopbackServer = await loopbackServer((req, body, res) => {
    r.requests += 1;
    if (r.mode === "down") return void req.socket.destroy();
    if (r.mode === "hang") return;
    if (r.mode === "503") return void res.writeHead(503).end();
    if (!verifyStandardWebhook(r.secret, req.headers, body, nowS())) {
      r.badSignatures += 1;
      return void res.writeHead(401).end();
    }
    const parsed = JSON.parse(body.toString("utf8")) as { type: string; data: Record<string, unknown> };
    r.received.push({ id: String(req.headers["webhook-id"]), timestamp: Number(req.headers["webhook-timestamp"]), type: parsed.type, data: parsed.data });
    res.writeHead(204).end();
  });
  return Object.assign(r, { url: `${server.base}/hooks/mohar`, close: () => server.close() });
}
