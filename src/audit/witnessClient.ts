/** C2SP tlog-witness: the log's side of `POST <submission prefix>/add-checkpoint`. */

export type AddCheckpointAnswer =
  /** 200: the witness's note signature lines (cosignatures, still to be checked). */
  | { kind: "cosigned"; lines: string[] }
  /** 409 text/x.tlog.size: the size of the latest checkpoint the witness cosigned for this log. */
  | { kind: "conflict"; size: number }
  /** Any other 4xx: the witness will not cosign this (unknown log or key, bad proof, same size with another root). */
  | { kind: "refused"; status: number; detail: string }
  /** No answer, a timeout or a 5xx: worth another try later. */
  | { kind: "unavailable"; detail: string };

/** The spec allows at most 63 proof lines; a 2^63-leaf tree needs no more. */
const MAX_PROOF_LINES = 63;
const MAX_ANSWER_BYTES = 64 * 1024;

/** The request body: `old <size>`, one base64 hash per line, a blank line, the signed checkpoint. */
export function addCheckpointBody(oldSize: number, proof: readonly Buffer[], note: string): string {
  if (proof.length > MAX_PROOF_LINES) throw new Error(`a consistency proof of ${proof.length} hashes is longer than tlog-witness allows`);
  return `old ${oldSize}\n${proof.map((h) => `${h.toString("base64")}\n`).join("")}\n${note}`;
}

/** Posts the checkpoint; `stop` aborts the request (the log is closing). */
export async function addCheckpoint(prefix: string, oldSize: number, proof: readonly Buffer[], note: string, timeoutMs: number, stop?: AbortSignal): Promise<AddCheckpointAnswer> {
  const url = `${prefix.replace(/\/+$/, "")}/add-checkpoint`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method: "POST", body: addCheckpointBody(oldSize, proof, note), headers: { "content-type": "text/plain; charset=utf-8" }, signal: stop ? AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]) : AbortSignal.timeout(timeoutMs) });
    text = await limitedText(res, MAX_ANSWER_BYTES);
  } catch (err) {
    return { kind: "unavailable", detail: (err as Error).message };
  }
  if (res.status === 200) return { kind: "cosigned", lines: text.split("\n").filter((l) => l !== "") };
  const sizeAnswer = /^(0|[1-9]\d{0,15})\n$/.exec(text);
  if (res.status === 409 && (res.headers.get("content-type") ?? "").startsWith("text/x.tlog.size") && sizeAnswer) {
    return { kind: "conflict", size: Number(sizeAnswer[1]) };
  }
  const detail = `HTTP ${res.status}${text.trim() ? `: ${text.trim().slice(0, 200)}` : ""}`;
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) return { kind: "refused", status: res.status, detail };
  return { kind: "unavailable", detail };
}

/** The answer's body, read no further than `max` bytes (a witness cannot make the log hold more). */
async function limitedText(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
      size += value.byteLength;
      if (size >= max) break;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, max).toString("utf8");
}
