import { createHash, verify as verifySignature, X509Certificate } from "node:crypto";
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { MoharError } from "../../errors.js";
import { rawEcdsaToDer } from "../common/ecdsaSignature.js";
import { readSignerCertificate } from "./signerCertificate.js";
import { keyAlgorithmOf, type KeyStore, type SigningKey } from "./signingKey.js";

const run = promisify(execFile);

/** Where an officer's key sits on the token, with the certificates on record for it. */
export interface Pkcs11Location {
  tokenLabel: string;
  /** CKA_ID of the private key, hex. */
  keyId: string;
  certificate: Buffer;
  chain: Buffer[];
}

export interface Pkcs11Options {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  module: string;
  /** User PIN; handed to pkcs11-tool through its environment, never on the command line. */
  pin: string;
  /** Extra environment for the module (SoftHSM2 reads SOFTHSM2_CONF). */
  env?: Record<string, string>;
  locate(officerId: string): Promise<Pkcs11Location>;
  timeoutMs?: number;
}

const PIN_VAR = "MOHAR_PKCS11_PIN";

/**
 * Keys on a PKCS#11 token (an HSM, or SoftHSM2 in development), driven through OpenSC's
 * `pkcs11-tool` since no native PKCS#11 binding is available. RSA uses CKM_SHA256_RSA_PKCS;
 * ECDSA hashes here and uses plain CKM_ECDSA, which every token (SoftHSM2 included) offers.
 */
export class Pkcs11KeyStore implements KeyStore {
  constructor(private readonly opts: Pkcs11Options) {}

  async load(officerId: string): Promise<SigningKey> {
    const location = await this.opts.locate(officerId);
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(location.keyId)) {
      throw new MoharError("key.bad_reference", `officer ${officerId} has an invalid PKCS#11 key id`);
    }
    const keyAlgorithm = keyAlgorithmOf(location.certificate);
    return {
      officerId,
      certificate: location.certificate,
      signer: readSignerCertificate(location.certificate),
      chain: location.chain,
      keyAlgorithm,
      sign: async (data) => {
        const signature = await this.signOnToken(location, keyAlgorithm, data, officerId);
        // A wrong key id or token would otherwise yield a signature nobody can verify.
        const publicKey = new X509Certificate(location.certificate).publicKey;
        const ok = verifySignature("sha256", data, { key: publicKey, dsaEncoding: "der" }, signature);
        if (!ok) throw new MoharError("key.mismatch", `the token key of officer ${officerId} does not belong to the officer's certificate`);
        return signature;
      },
    };
  }

  private async signOnToken(location: Pkcs11Location, keyAlgorithm: "RSA" | "EC", data: Buffer, officerId: string): Promise<Buffer> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-p11-"));
    try {
      const input = path.join(dir, "in");
      const output = path.join(dir, "out");
      await fs.writeFile(input, keyAlgorithm === "EC" ? createHash("sha256").update(data).digest() : data);
      const args = [
        "--module", this.opts.module,
        "--token-label", location.tokenLabel,
        "--pin", `env:${PIN_VAR}`,
        "--sign",
        "--mechanism", keyAlgorithm === "EC" ? "ECDSA" : "SHA256-RSA-PKCS",
        "--id", location.keyId,
        "-i", input,
        "-o", output,
      ];
      try {
        await run("pkcs11-tool", args, {
          env: { ...process.env, ...this.opts.env, [PIN_VAR]: this.opts.pin },
          timeout: this.opts.timeoutMs ?? 30_000,
        });
      } catch (err) {
        throw tokenError(err, officerId);
      }
      const signature = await fs.readFile(output);
      return keyAlgorithm === "EC" ? rawEcdsaToDer(signature) : signature;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}

/** Sorts a pkcs11-tool failure into a problem with the officer's key or an unreachable token. */
function tokenError(err: unknown, officerId: string): MoharError {
  const e = err as { code?: unknown; killed?: boolean; stderr?: unknown };
  const stderr = String(e.stderr ?? "");
  if (/CKR_PIN_INCORRECT|CKR_PIN_LEN_RANGE|CKR_PIN_LOCKED/.test(stderr)) {
    return new MoharError("key.bad_password", `the token PIN for officer ${officerId} was refused`);
  }
  if (typeof e.code === "string" || e.killed || /Failed to load pkcs11 module|CKR_DEVICE|CKR_TOKEN_NOT_PRESENT/i.test(stderr)) {
    return new MoharError("key.token_unavailable", `the PKCS#11 token could not be used to sign for officer ${officerId}`, { cause: err });
  }
  if (/No slot with token|private key not found|object not found/i.test(stderr)) {
    return new MoharError("key.missing", `the token key of officer ${officerId} was not found`);
  }
  return new MoharError(
    "key.token_refused",
    `the token refused to sign with the key of officer ${officerId}; does the key match the certificate's algorithm?`,
    { cause: err },
  );
}
