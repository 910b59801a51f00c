import fs from "node:fs/promises";
import path from "node:path";
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { MoharError } from "../errors.js";
import { KEY_NAME, signNote, verifierKey, verifyNote, type NoteCheck } from "./signedNote.js";

/** The log's Ed25519 key under its note name (the log origin). */
export class LogKey {
  readonly publicKey: Buffer;

  constructor(
    readonly name: string,
    private readonly privateKey: KeyObject,
  ) {
    if (!KEY_NAME.test(name)) {
      throw new MoharError("audit.bad_origin", `audit origin ${JSON.stringify(name)} must be non-empty with no spaces or '+'`);
    }
    if (privateKey.asymmetricKeyType !== "ed25519") {
      throw new MoharError("audit.bad_key", "the audit log key must be an Ed25519 private key");
    }
    const jwk = createPublicKey(privateKey).export({ format: "jwk" });
    this.publicKey = Buffer.from(jwk.x as string, "base64url");
  }

  get verifierKey(): string {
    return verifierKey(this.name, this.publicKey);
  }

  sign(body: string): string {
    return signNote(body, this.name, this.publicKey, this.privateKey);
  }

  verify(note: string): NoteCheck {
    return verifyNote(note, this.name, this.publicKey);
  }
}

/**
 * Reads the PEM (PKCS#8) Ed25519 key at `file`, creating it with mode 0600 when absent.
 * The create uses O_EXCL so two instances starting together end up with the same key.
 */
export async function loadOrCreateLogKey(file: string, name: string): Promise<LogKey> {
  return new LogKey(name, await loadOrCreateEd25519Key(file, "audit key file"));
}

/** The PEM (PKCS#8) Ed25519 private key at `file`, created (mode 0600, O_EXCL) when absent. */
export async function loadOrCreateEd25519Key(file: string, what: string): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    const { privateKey } = generateKeyPairSync("ed25519");
    const fresh = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    await fs.mkdir(path.dirname(file), { recursive: true });
    try {
      await fs.writeFile(file, fresh, { mode: 0o600, flag: "wx" });
      pem = fresh;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      pem = await fs.readFile(file, "utf8");
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new MoharError("audit.bad_key", `${what} ${file} is not a PEM private key`, { cause: err });
  }
  return key;
}
