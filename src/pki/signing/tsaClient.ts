import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { MoharError } from "../../errors.js";
import type { Timestamper } from "./cmsCreate.js";
import { parseDer } from "../common/der.js";
import { oid } from "../common/oids.js";
import { parseTimestampToken, timestampSignatureValid } from "../common/timestampToken.js";

export interface TimestampRequestOptions {
  /** Nonce bytes (positive big-endian integer); random 8 bytes when absent. */
  nonce?: Buffer;
  timeoutMs?: number;
  /** Told of every request made: whether a usable token came back, and how long it took. */
  observe?: TsaObserver;
}

export type TsaObserver = (o: { outcome: "ok" | "failed"; seconds: number }) => void;

const unavailable = (url: string, detail: string, cause?: unknown): MoharError =>
  new MoharError("tsa.unavailable", `the timestamping authority ${new URL(url).origin} could not provide a timestamp: ${detail}`, { cause });

/**
 * Asks an RFC 3161 TSA (HTTP POST application/timestamp-query) for a token over a SHA-256
 * imprint. The reply must be granted, for this imprint and nonce, and carry a valid signature;
 * anything else is MoharError unavailable tsa.unavailable. Returns the TimeStampToken DER.
 */
export async function requestTimestamp(url: string, sha256Imprint: Buffer, opts: TimestampRequestOptions = {}): Promise<Buffer> {
  if (sha256Imprint.length !== 32) throw new Error("the imprint must be a SHA-256 digest (32 bytes)");
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const token = await askTsa(url, sha256Imprint, opts);
    opts.observe?.({ outcome: "ok", seconds: seconds() });
    return token;
  } catch (err) {
    opts.observe?.({ outcome: "failed", seconds: seconds() });
    throw err;
  }
}

async function askTsa(url: string, sha256Imprint: Buffer, opts: TimestampRequestOptions): Promise<Buffer> {
  const nonce = opts.nonce ?? Buffer.concat([Buffer.from([0x01]), randomBytes(7)]);
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oid.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: sha256Imprint }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });

  let body: Buffer;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" },
      body: Buffer.from(request.toSchema().toBER(false)),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    body = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw unavailable(url, `HTTP ${res.status}`);
  } catch (err) {
    if (err instanceof MoharError) throw err;
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    throw unavailable(url, timedOut ? "no answer in time" : "it cannot be reached", err);
  }

  let token: Buffer;
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(body);
    const seq = parseDer(body, "TimeStampResp") as asn1js.Sequence;
    const tokenBlock = seq.valueBlock.value[1];
    token = tokenBlock ? Buffer.from((tokenBlock as asn1js.BaseBlock).valueBeforeDecodeView) : Buffer.alloc(0);
  } catch (err) {
    throw unavailable(url, "its reply is not a TimeStampResp", err);
  }
  const status = resp.status.status;
  if (status !== 0 && status !== 1) {
    const text = resp.status.statusStrings?.map((s) => s.valueBlock.value).join("; ");
    throw unavailable(url, `it refused the request (status ${status}${text ? `: ${text}` : ""})`);
  }
  let info;
  try {
    info = parseTimestampToken(token);
  } catch (err) {
    throw unavailable(url, "its token is malformed", err);
  }
  if (info.imprintAlgorithm !== oid.sha256 || !info.imprint.equals(sha256Imprint)) throw unavailable(url, "its token is for a different imprint");
  if (info.nonceHex !== nonce.toString("hex")) throw unavailable(url, "its token does not echo the request nonce");
  if (!timestampSignatureValid(token)) throw unavailable(url, "its token signature does not verify");
  return token;
}

/** A Timestamper for createCms: stamps SHA-256 of the signature value (PAdES B-T). */
export function timestamperFor(url: string, opts: TimestampRequestOptions = {}): Timestamper {
  return (signatureValue) => requestTimestamp(url, createHash("sha256").update(signatureValue).digest(), opts);
}
