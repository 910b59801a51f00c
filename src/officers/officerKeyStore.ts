import fs from "node:fs/promises";
import { MoharError } from "../errors.js";
import { P12KeyStore, pemBlocks, Pkcs11KeyStore, type KeyStore, type SigningKey } from "../pki/index.js";
import type { OfficerKeyConfig } from "./keyConfig.js";
import { certificateFromPem, type Officer } from "./officer.js";
import type { OfficerRegistry } from "./registry.js";

/** Opens the key of one officer record, wherever it lives. */
export async function loadOfficerKey(o: Officer, config: OfficerKeyConfig): Promise<SigningKey> {
  const certificate = certificateFromPem(o.certificatePem);
  if (o.key.type === "p12") {
    const path = o.key.path;
    return new P12KeyStore({ password: config.keyPassword(), locate: async () => ({ path, certificate }) }).load(o.id);
  }
  if (!config.pkcs11) {
    throw new MoharError("key.unavailable", `the key of officer ${o.id} is on a PKCS#11 token, and no PKCS11_MODULE is configured`);
  }
  const { tokenLabel, keyId } = o.key;
  const chain = o.chainPem ? pemBlocks(o.chainPem, "CERTIFICATE") : [];
  return new Pkcs11KeyStore({
    module: config.pkcs11.module,
    pin: config.pkcs11.pin(),
    locate: async () => ({ tokenLabel, keyId, certificate, chain }),
  }).load(o.id);
}

/**
 * The service's KeyStore: officer id -> registry record -> PKCS#12 file or token. Opened
 * PKCS#12 keys are kept per officer until the file changes, because decrypting a PKCS#12 costs
 * around 100 ms; a record's key never changes (records are created, and only an eSign identity
 * is ever added to one). Concurrent requests for a key
 * that is being opened share that one opening, so a burst of signatures after a restart
 * decrypts the file once, not once per request.
 */
export class OfficerKeyStore implements KeyStore {
  private readonly opened = new Map<string, { path: string; stamp: string; key: Promise<SigningKey> }>();

  constructor(
    private readonly registry: OfficerRegistry,
    private readonly config: OfficerKeyConfig,
  ) {}

  async load(officerId: string): Promise<SigningKey> {
    // A key opened before needs no read of the record: an officer's record is never removed and
    // its key never replaced (a renewed certificate is a new officer entry; only the eSign
    // identity is ever added), so the file's path is still the one recorded. The file itself may
    // change: its inode, size, mtime and ctime are checked each time (ctime moves on any
    // replacement, even one that keeps the mtime, as `cp -p` or `rsync -t` do).
    const cached = this.opened.get(officerId);
    if (cached && (await stampOf(cached.path)) === cached.stamp) return cached.key;
    const officer = await this.registry.get(officerId);
    if (officer.key.type !== "p12") return loadOfficerKey(officer, this.config);
    const path = officer.key.path;
    const stamp = await stampOf(path);
    const again = this.opened.get(officerId);
    if (again && again.path === path && again.stamp === stamp) return again.key;
    const entry = { path, stamp, key: loadOfficerKey(officer, this.config) };
    this.opened.set(officerId, entry);
    // A key that failed to open is not kept: the next request tries again.
    entry.key.catch(() => {
      if (this.opened.get(officerId) === entry) this.opened.delete(officerId);
    });
    return entry.key;
  }
}

/** What tells one file from its replacement: inode, size, mtime, ctime ("" when it cannot be read). */
function stampOf(path: string): Promise<string> {
  return fs.stat(path).then(
    (s) => `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`,
    () => "",
  );
}
