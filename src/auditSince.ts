import { readFile, writeFile } from "node:fs/promises";
import { AuditIntegrityError, AuditLog, cosignedNote, cosigners, loadOrCreateLogKey, parseWitnessKey, storedCosignatures, type WitnessKey } from "./audit/index.js";
import { verifySince, type SinceResult } from "./audit/incremental.js";
import { httpSource, logSource, noteVerifier } from "./audit/incrementalSources.js";
import { parseCheckpointBody } from "./audit/checkpoint.js";
import type { Config } from "./config.js";
import { openStore } from "./store/index.js";

const say = (line: string): void => void process.stdout.write(`${line}\n`);

export interface SinceOptions {
  /** File holding the saved checkpoint note. */
  since: string;
  url?: string;
  apiKey?: string;
  /** Trusted verifier key (name+keyid+base64). */
  key?: string;
  save?: string;
  /** Witness verifier keys whose cosignatures the new checkpoint must carry. */
  witness?: string[];
  /** How many of them (default: all). */
  quorum?: string;
}

/** The witnesses and quorum asked for with --witness and --quorum. */
function requiredWitnesses(opts: SinceOptions): { keys: WitnessKey[]; quorum: number } {
  const keys = (opts.witness ?? []).map((vkey) => {
    const k = parseWitnessKey(vkey);
    if (!k) throw new Error(`${vkey} is not a witness verifier key (name+keyid+base64 of 0x04 and an Ed25519 key)`);
    return k;
  });
  const quorum = opts.quorum === undefined ? keys.length : /^\d+$/.test(opts.quorum) ? Number(opts.quorum) : NaN;
  if (!(quorum >= 0 && quorum <= keys.length)) throw new Error(`--quorum must be a whole number from 0 to the number of --witness keys (${keys.length})`);
  return { keys, quorum };
}

/** `mohar audit verify --since FILE` (with `--url` or `--store`): prints OK and the new checkpoint, or FAIL. */
export async function runVerifySince(opts: SinceOptions, loadConfig: () => Promise<Config>): Promise<SinceResult> {
  const saved = await readFile(opts.since, "utf8");
  // The log the saved checkpoint names; its signature is checked against the trusted key below.
  const body = parseCheckpointBody(saved.slice(0, saved.lastIndexOf("\n\n") + 1));
  const origin = typeof body === "string" ? "" : body.origin;
  const required = requiredWitnesses(opts);
  let result: SinceResult;
  if (opts.url) {
    const apiKey = opts.apiKey ?? process.env.MOHAR_API_KEY;
    if (!apiKey) throw new Error("--url needs an auditor API key: --api-key KEY or MOHAR_API_KEY");
    const source = httpSource(opts.url, apiKey);
    const vkey = opts.key ?? (await source.verifierKey());
    const verifier = noteVerifier(vkey);
    if (!verifier) throw new Error(`${vkey} is not a verifier key (name+keyid+base64)`);
    result = await verifySince(verifier, origin, saved, source);
  } else {
    const config = await loadConfig();
    const store = await openStore(config.store);
    try {
      const key = await loadOrCreateLogKey(config.audit.keyFile, config.audit.origin);
      const verifier = opts.key ? noteVerifier(opts.key) : key;
      if (!verifier) throw new Error(`${opts.key} is not a verifier key (name+keyid+base64)`);
      // Opened as the service opens it, checked: a log that does not open is never signed or appended to here.
      const log = await AuditLog.open({ store, key }).catch((err: unknown) => {
        if (err instanceof AuditIntegrityError) return err;
        throw err;
      });
      if (log instanceof AuditIntegrityError) {
        result = { ok: false, seq: log.finding.seq, reason: `the stored log does not open: ${log.finding.reason}` };
      } else {
        try {
          const source = logSource(log);
          if (required.keys.length > 0) {
            // The newest checkpoint the witnesses cosigned, as the service would publish it.
            const stored = await storedCosignatures(store, key, log.size, required.keys, Math.max(1, required.quorum));
            if (stored.newest) {
              const cosigned = cosignedNote(stored.newest.note, stored.newest.lines);
              source.checkpoint = async () => cosigned;
            }
          }
          result = await verifySince(verifier, origin, saved, source);
        } finally {
          await log.close();
        }
      }
    } finally {
      await store.close();
    }
  }
  if (result.ok && required.keys.length > 0) {
    const found = cosigners(result.checkpoint, required.keys);
    if (found.size < required.quorum) {
      const missing = required.keys.filter((k) => !found.has(k.verifierKey)).map((k) => k.name);
      result = { ok: false, seq: null, reason: `the new checkpoint (size ${result.size}) is cosigned by ${found.size} of the ${required.quorum} witnesses required (no valid cosignature by ${missing.join(", ")})` };
    }
  }
  if (result.ok) {
    say(`OK: ${result.checked} new entries since size ${result.savedSize} verified; new size ${result.size}`);
    if (opts.save) {
      await writeFile(opts.save, result.checkpoint);
      say(`new checkpoint saved to ${opts.save}`);
    } else {
      process.stdout.write(result.checkpoint);
    }
  } else {
    say(`FAIL: ${result.seq !== null ? `first bad entry: seq ${result.seq}: ` : "checkpoint: "}${result.reason}`);
    process.exitCode = 1;
  }
  return result;
}
