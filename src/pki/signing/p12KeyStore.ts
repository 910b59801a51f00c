import { createPublicKey, sign as signCallback, X509Certificate, type KeyObject } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import fs from "node:fs/promises";
import { promisify } from "node:util";
import { MoharError } from "../../errors.js";
import { decodePkcs12 } from "./pkcs12.js";
import { readSignerCertificate } from "./signerCertificate.js";
import { keyAlgorithmOf, type KeyStore, type SigningKey } from "./signingKey.js";

const nodeSign = promisify(signCallback);

function samePublicKey(privateKey: KeyObject, certificate: Buffer): boolean {
  const fromKey = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return new X509Certificate(certificate).publicKey.export({ type: "spki", format: "der" }).equals(fromKey);
}

/**
 * A SigningKey over a Node KeyObject: the signature is made by Node's native crypto (OpenSSL,
 * on the libuv thread pool), never by JavaScript RSA.
 */
export function signingKeyFromKeyObject(opts: { officerId: string; privateKey: KeyObject; certificate: Buffer; chain: Buffer[] }): SigningKey {
  const keyAlgorithm = keyAlgorithmOf(opts.certificate);
  const privateKey = opts.privateKey;
  return {
    officerId: opts.officerId,
    certificate: opts.certificate,
    signer: readSignerCertificate(opts.certificate),
    chain: opts.chain,
    keyAlgorithm,
    sign: (data) => nodeSign("sha256", data, keyAlgorithm === "EC" ? { key: privateKey, dsaEncoding: "der" } : privateKey),
  };
}

/**
 * Opens a PKCS#12 file as a SigningKey. When the registry holds the officer's certificate, that
 * exact certificate is used and must belong to the key; otherwise the file's own is.
 * `source` names the key in error messages (never the password).
 */
export function signingKeyFromP12(
  p12: Buffer,
  password: string,
  opts: { officerId: string; source: string; certificate?: Buffer },
): SigningKey {
  const contents = decodePkcs12(p12, password, opts.source);
  const certificate = opts.certificate ?? contents.certificate;
  if (!samePublicKey(contents.privateKey, certificate)) {
    throw new MoharError("key.mismatch", `the private key in ${opts.source} does not belong to the officer's certificate`);
  }
  return signingKeyFromKeyObject({ officerId: opts.officerId, privateKey: contents.privateKey, certificate, chain: contents.chain });
}

export interface P12Location {
  /** Filesystem path of the PKCS#12 file. */
  path: string;
  /** DER of the certificate on record for the officer, when there is one. */
  certificate?: Buffer;
}

/** A PKCS#12 file is a few kilobytes; anything much larger is not one. */
const MAX_KEY_FILE_BYTES = 1024 * 1024;

/**
 * Reads a key file only if it is a regular file of a sane size: a FIFO, a device (/dev/zero) or a
 * huge file would block or exhaust the service. Opened without blocking, then checked on the open
 * descriptor, so the file cannot be swapped between the check and the read.
 */
async function readKeyFile(file: string, source: string): Promise<Buffer> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (err) {
    throw new MoharError("key.missing", `${source} cannot be read`, { cause: err });
  }
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.size > MAX_KEY_FILE_BYTES) {
      throw new MoharError("key.bad_file", `${source} is not a PKCS#12 file (not a regular file of at most ${MAX_KEY_FILE_BYTES} bytes)`);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Officers' keys in password-protected PKCS#12 files; `locate` maps an officer to its file. */
export class P12KeyStore implements KeyStore {
  constructor(private readonly opts: { password: string; locate(officerId: string): Promise<P12Location> }) {}

  async load(officerId: string): Promise<SigningKey> {
    const location = await this.opts.locate(officerId);
    const source = `the key file of officer ${officerId}`;
    const p12 = await readKeyFile(location.path, source);
    return signingKeyFromP12(p12, this.opts.password, { officerId, source, certificate: location.certificate });
  }
}
