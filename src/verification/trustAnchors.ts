import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { MoharError } from "../errors.js";

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function certsInFile(file: string): X509Certificate[] {
  const text = fs.readFileSync(file, "latin1");
  const blocks = text.match(PEM_BLOCK);
  try {
    if (blocks) return blocks.map((b) => new X509Certificate(b));
    return [new X509Certificate(fs.readFileSync(file))];
  } catch (e) {
    throw new MoharError("trust.bad_certificate", `${file} does not hold a readable certificate: ${(e as Error).message}`);
  }
}

/**
 * Trust anchors from a PEM/DER file or a directory of them (*.pem, *.crt, *.cer, *.der).
 * Throws MoharError when the path does not exist or holds no certificate.
 */
export function loadTrustAnchors(pemOrDir: string): X509Certificate[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(pemOrDir);
  } catch {
    throw new MoharError("trust.not_found", `trust anchors not found at ${pemOrDir}`);
  }
  const files = stat.isDirectory()
    ? fs.readdirSync(pemOrDir).filter((f) => /\.(pem|crt|cer|der)$/i.test(f)).sort().map((f) => path.join(pemOrDir, f))
    : [pemOrDir];
  const certs = files.flatMap(certsInFile);
  if (certs.length === 0) throw new MoharError("trust.empty", `no certificates found in ${pemOrDir}`);
  return certs;
}

/** Like loadTrustAnchors, but a missing path yields no anchors (every chain is then untrusted). */
export function loadTrustAnchorsIfPresent(pemOrDir: string): X509Certificate[] {
  return fs.existsSync(pemOrDir) ? loadTrustAnchors(pemOrDir) : [];
}
