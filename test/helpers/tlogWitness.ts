/**
 * A transparency-log witness for the tests, written from the C2SP specs (tlog-witness,
 * tlog-cosignature, signed-note, tlog-checkpoint) and sharing no code with src/audit: it serves
 * `POST /add-checkpoint` on 127.0.0.1, checks the log's Ed25519 signature against the log keys it
 * trusts, the old size against the size it last cosigned, and the RFC 6962 consistency proof
 * (test/audit/rfc9162Verifier.ts, itself independent of src/audit), then answers with a
 * cosignature/v1 line.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { verifyConsistency } from "../audit/rfc9162Verifier.js";
import { loopbackServer, type LoopbackServer } from "./loopbackServer.js";

const EM_DASH = "\u2014";

const sha256 = (...parts: (string | Uint8Array)[]): Buffer => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};

function rawEd25519Public(key: KeyObject): Buffer {
  return Buffer.from(createPublicKey(key).export({ format: "jwk" }).x as string, "base64url");
}

function ed25519Public(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]), format: "der", type: "spki" });
}

interface TrustedLog {
  name: string;
  keyId: Buffer;
  key: KeyObject;
}

export interface TestWitness extends LoopbackServer {
  name: string;
  /** The witness's verifier key: name+keyid+base64(0x04 || Ed25519 public key). */
  verifierKey: string;
  /** Requests answered (any status) and the statuses, in order. */
  readonly answers: number[];
  /** false: every connection is cut without an answer (the witness is down). */
  up: boolean;
  /** The size and root the witness last cosigned for an origin. */
  state(origin: string): { size: number; root: Buffer } | undefined;
  /** Forgets an origin (a new witness that never saw the log). */
  forget(origin: string): void;
}

/** Starts a witness named `name` that trusts the Ed25519 log verifier keys (type 0x01) in `logKeys`. */
export async function startTestWitness(name: string, logKeys: string[]): Promise<TestWitness> {
  const { privateKey } = generateKeyPairSync("ed25519");
  const pub = rawEd25519Public(privateKey);
  const keyId = sha256(`${name}\n`, Uint8Array.of(0x04), pub).subarray(0, 4);
  const trusted = new Map<string, TrustedLog[]>();
  for (const vkey of logKeys) {
    const [logName, idHex] = vkey.split("+") as [string, string];
    const raw = Buffer.from(vkey.slice(logName.length + idHex.length + 2), "base64");
    if (raw[0] !== 0x01 || raw.length !== 33) throw new Error("the witness trusts Ed25519 log keys only");
    trusted.set(logName, [...(trusted.get(logName) ?? []), { name: logName, keyId: Buffer.from(idHex, "hex"), key: ed25519Public(raw.subarray(1)) }]);
  }
  const seen = new Map<string, { size: number; root: Buffer }>();
  const answers: number[] = [];
  const control = { up: true };

  const answer = (body: Buffer): { status: number; type?: string; text: string } => {
    const text = body.toString("utf8");
    const lines = text.split("\n");
    const oldLine = /^old (0|[1-9][0-9]*)$/.exec(lines[0] ?? "");
    if (!oldLine) return { status: 400, text: "no old size line\n" };
    const old = Number(oldLine[1]);
    const proof: Buffer[] = [];
    let i = 1;
    for (; i < lines.length && lines[i] !== ""; i += 1) {
      const h = Buffer.from(lines[i]!, "base64");
      if (h.length !== 32 || h.toString("base64") !== lines[i]) return { status: 400, text: "bad proof line\n" };
      proof.push(h);
    }
    if (i >= lines.length || proof.length > 63) return { status: 400, text: "no blank line after the proof\n" };
    const note = lines.slice(i + 1).join("\n");
    const split = note.indexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) return { status: 400, text: "not a signed note\n" };
    const cpBody = note.slice(0, split + 1);
    const [origin, sizeText, rootText] = cpBody.split("\n");
    const logs = trusted.get(origin ?? "");
    if (!logs) return { status: 404, text: "unknown log\n" };
    const signed = note
      .slice(split + 2, -1)
      .split("\n")
      .some((line) => {
        const m = /^\u2014 (\S+) (\S+)$/.exec(line);
        if (!m) return false;
        const blob = Buffer.from(m[2]!, "base64");
        const log = logs.find((l) => l.name === m[1] && l.keyId.equals(blob.subarray(0, 4)));
        return log !== undefined && blob.length === 68 && verify(null, Buffer.from(cpBody), log.key, blob.subarray(4));
      });
    if (!signed) return { status: 403, text: "no signature by a trusted log key\n" };
    if (!/^(0|[1-9][0-9]*)$/.test(sizeText ?? "")) return { status: 400, text: "bad checkpoint size\n" };
    const size = Number(sizeText);
    const root = Buffer.from(rootText ?? "", "base64");
    if (root.length !== 32) return { status: 400, text: "bad checkpoint root\n" };
    if (old > size) return { status: 400, text: "old size beyond the checkpoint\n" };
    const mine = seen.get(origin!);
    const mySize = mine?.size ?? 0;
    if (old !== mySize) return { status: 409, type: "text/x.tlog.size", text: `${mySize}\n` };
    if (old === 0 && proof.length > 0) return { status: 422, text: "a proof from size 0\n" };
    if (old === size) {
      if (mine && !mine.root.equals(root)) return { status: 409, text: "same size, another root\n" };
      if (proof.length > 0) return { status: 422, text: "a proof between equal sizes\n" };
    } else if (old > 0 && !verifyConsistency(old, size, mine!.root, root, proof)) {
      return { status: 422, text: "the consistency proof does not verify\n" };
    }
    // Checked and stored in one synchronous step: no other request can come between.
    seen.set(origin!, { size, root });
    const time = BigInt(Math.floor(Date.now() / 1000));
    const stamp = Buffer.alloc(8);
    stamp.writeBigUInt64BE(time);
    const sig = sign(null, Buffer.from(`cosignature/v1\ntime ${time}\n${cpBody}`), privateKey);
    return { status: 200, text: `${EM_DASH} ${name} ${Buffer.concat([keyId, stamp, sig]).toString("base64")}\n` };
  };

  const server = await loopbackServer((req, body, res) => {
    if (!control.up) {
      req.socket.destroy();
      return;
    }
    const a = req.method === "POST" && req.url === "/add-checkpoint" ? answer(body) : { status: 404, text: "not found\n" };
    answers.push(a.status);
    res.writeHead(a.status, { "content-type": a.type ?? "text/plain; charset=utf-8" }).end(a.text);
  });
  return {
    ...server,
    name,
    verifierKey: `${name}+${keyId.toString("hex")}+${Buffer.concat([Uint8Array.of(0x04), pub]).toString("base64")}`,
    answers,
    get up() {
      return control.up;
    },
    set up(v: boolean) {
      control.up = v;
    },
    state: (origin) => seen.get(origin),
    forget: (origin) => void seen.delete(origin),
  };
}

/** The witnesses' cosignatures in `note` that verify (tlog-cosignature v1), by witness name: their POSIX times. */
export function checkCosignatures(note: string, witnessKeys: string[]): Map<string, number> {
  const split = note.indexOf("\n\n");
  const body = note.slice(0, split + 1);
  const found = new Map<string, number>();
  for (const line of note.slice(split + 2, -1).split("\n")) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) continue;
    for (const vkey of witnessKeys) {
      const [wName, idHex] = vkey.split("+") as [string, string];
      const raw = Buffer.from(vkey.slice(wName.length + idHex.length + 2), "base64");
      const blob = Buffer.from(m[2]!, "base64");
      if (m[1] !== wName || blob.length !== 76 || blob.subarray(0, 4).toString("hex") !== idHex) continue;
      const time = blob.readBigUInt64BE(4);
      if (verify(null, Buffer.from(`cosignature/v1\ntime ${time}\n${body}`), ed25519Public(raw.subarray(1)), blob.subarray(12))) found.set(wName, Number(time));
    }
  }
  return found;
}
