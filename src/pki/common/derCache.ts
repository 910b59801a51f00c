import { createHash, X509Certificate } from "node:crypto";

/** Every cache made, for `forgetParsedDer`. */
const all: Array<{ clear(): void }> = [];

/**
 * What was read from a DER encoding, kept per process (per worker thread) and found again by the
 * encoding's SHA-256 (#16): the CA certificates and CRLs of an office, and its officers'
 * certificates, come back in every document it verifies, and parsing them with pkijs was most
 * of a verification. Bounded by entries and by DER bytes; the least recently used goes first.
 * Only what is fully determined by the bytes is kept (never a verdict that depends on time or
 * trust), and what is kept is never changed by its users.
 */
export class DerCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {
    all.push(this);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** `read` gets a copy of `der`: a view into a whole PDF must not keep the PDF alive. A throw is not kept. */
  get(der: Uint8Array, read: (copy: Buffer) => V): V {
    const key = createHash("sha256").update(der).digest("base64");
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = read(Buffer.from(der));
    if (der.byteLength > this.maxBytes) return value;
    this.entries.set(key, { value, bytes: der.byteLength });
    this.bytes += der.byteLength;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

const certificates = new DerCache<X509Certificate>(256, 4 << 20);

/**
 * One X509Certificate object per certificate DER (throws as `new X509Certificate` does): what is
 * remembered per certificate object (`parseX509`, `describeX509`, `revokableX509`) is then
 * remembered across signatures and documents too.
 */
export function x509Once(der: Uint8Array): X509Certificate {
  return certificates.get(der, (copy) => new X509Certificate(copy));
}

/**
 * Forgets what every DerCache holds, as a fresh process starts: the bench measures verification
 * with cold caches this way (a document whose certificates and CRLs this process has not seen).
 */
export function forgetParsedDer(): void {
  for (const c of all) c.clear();
}
