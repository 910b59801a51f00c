import { createHash, createPublicKey, randomUUID, type KeyObject } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { parseCheckpointBody } from "./checkpoint.js";
import { verifyConsistency } from "./consistency.js";
import { cosignatureLine, witnessKey, type WitnessKey } from "./cosignature.js";
import { parseVerifierKey, verifyNote } from "./signedNote.js";

export interface WitnessAnswer {
  status: number;
  contentType: string;
  body: string;
}

const TEXT = "text/plain; charset=utf-8";
const answer = (status: number, body: string, contentType = TEXT): WitnessAnswer => ({ status, contentType, body });

interface Seen {
  size: number;
  root: string;
}

/**
 * A C2SP tlog-witness (`mohar witness serve`), for another office to run beside its own mohar:
 * `add-checkpoint` checks the log's signature against the log keys it trusts, the old size
 * against the size it last cosigned for that origin, and the RFC 6962 consistency proof, then
 * records the new checkpoint (one file per origin, written atomically, before answering) and
 * answers with a cosignature/v1 line. Requests for one origin are handled one at a time, so the
 * check and the record are atomic as the spec requires.
 */
export class WitnessService {
  readonly key: WitnessKey;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    name: string,
    private readonly privateKey: KeyObject,
    /** Trusted log verifier keys (Ed25519 signed-note keys), by origin. */
    private readonly logs: Map<string, Array<{ name: string; publicKey: Buffer }>>,
    private readonly stateDir: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.key = witnessKey(name, Buffer.from(createPublicKey(privateKey).export({ format: "jwk" }).x as string, "base64url"));
  }

  /** The logs from their verifier keys (`name+keyid+base64`, the name being the origin); null names a bad one. */
  static trustedLogs(vkeys: string[]): Map<string, Array<{ name: string; publicKey: Buffer }>> | string {
    const logs = new Map<string, Array<{ name: string; publicKey: Buffer }>>();
    for (const vkey of vkeys) {
      const k = parseVerifierKey(vkey);
      if (!k) return vkey;
      logs.set(k.name, [...(logs.get(k.name) ?? []), k]);
    }
    return logs;
  }

  async addCheckpoint(request: string): Promise<WitnessAnswer> {
    const lines = request.split("\n");
    const old = /^old (0|[1-9]\d{0,15})$/.exec(lines[0] ?? "");
    if (!old) return answer(400, "the request must start with an old size line\n");
    const blank = lines.indexOf("", 1);
    if (blank < 0) return answer(400, "no blank line after the consistency proof\n");
    const proofLines = lines.slice(1, blank);
    if (proofLines.length > 63) return answer(400, "more than 63 consistency proof lines\n");
    const proof = proofLines.map((l) => Buffer.from(l, "base64"));
    if (proof.some((h, i) => h.length !== 32 || h.toString("base64") !== proofLines[i])) return answer(400, "a consistency proof line is not a base64 SHA-256 hash\n");
    const note = lines.slice(blank + 1).join("\n");
    const origin = note.slice(0, note.indexOf("\n"));
    const trusted = this.logs.get(origin);
    if (!trusted) return answer(404, "unknown log origin\n");
    const signed = trusted.map((k) => verifyNote(note, k.name, k.publicKey)).find((c) => c.ok);
    if (!signed || !signed.ok) return answer(403, "no signature by a trusted key of this log\n");
    const cp = parseCheckpointBody(signed.body);
    if (typeof cp === "string") return answer(400, `${cp}\n`);
    const oldSize = Number(old[1]);
    if (oldSize > cp.size) return answer(400, "the old size is larger than the checkpoint's\n");
    return this.serialised(origin, async () => {
      const seen = await this.read(origin);
      const seenSize = seen?.size ?? 0;
      if (oldSize !== seenSize) return answer(409, `${seenSize}\n`, "text/x.tlog.size");
      const root = cp.root.toString("base64");
      if (oldSize === cp.size && seen && seen.root !== root) return answer(409, "this size was cosigned with another root hash\n");
      if (oldSize === 0 && proof.length > 0) return answer(422, "a consistency proof from size 0 must be empty\n");
      if (oldSize > 0 && !verifyConsistency(oldSize, cp.size, Buffer.from(seen!.root, "base64"), cp.root, proof)) {
        return answer(422, "the consistency proof does not verify: this checkpoint does not extend the one cosigned before\n");
      }
      await this.record(origin, { size: cp.size, root });
      return answer(200, `${cosignatureLine(this.key, this.privateKey, signed.body, Math.floor(this.now() / 1000))}\n`);
    });
  }

  private async serialised<T>(origin: string, work: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(origin) ?? Promise.resolve();
    const next = prev.then(work, work);
    this.queues.set(origin, next);
    try {
      return await next;
    } finally {
      if (this.queues.get(origin) === next) this.queues.delete(origin);
    }
  }

  private file(origin: string): string {
    return path.join(this.stateDir, `${createHash("sha256").update(origin).digest("hex")}.json`);
  }

  private async read(origin: string): Promise<Seen | null> {
    try {
      return JSON.parse(await fs.readFile(this.file(origin), "utf8")) as Seen;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  /**
   * Temp file, fsync, rename, fsync of the directory: a crash leaves the old record or the new
   * one, and the answer is sent only once the new one would survive a power loss (a witness that
   * forgot a size could cosign a fork of the log).
   */
  private async record(origin: string, seen: Seen): Promise<void> {
    await fs.mkdir(this.stateDir, { recursive: true });
    const tmp = `${this.file(origin)}.${randomUUID()}.tmp`;
    const handle = await fs.open(tmp, "w", 0o600);
    try {
      await handle.writeFile(JSON.stringify({ origin, ...seen }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, this.file(origin));
    const dir = await fs.open(this.stateDir, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
