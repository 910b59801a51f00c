import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as pkijs from "pkijs";
import { MoharError } from "../errors.js";
import { describeCertificate } from "./certificateInfo.js";
import { pemBlocks } from "./pem.js";
import { checkRevocation, type RevocationCheck } from "./revocation.js";

/** Validation data for a signer's chain, as it goes into a PDF's /DSS. */
export interface ValidationData {
  certs: Buffer[];
  crls: Buffer[];
  ocsps: Buffer[];
}

function issuerIn(cert: X509Certificate, pool: X509Certificate[]): X509Certificate | undefined {
  return pool.find((c) => {
    try {
      return cert.checkIssued(c) && cert.verify(c.publicKey);
    } catch {
      return false;
    }
  });
}

const isSelfIssued = (c: X509Certificate): boolean => c.subject === c.issuer;

/**
 * The CRLs mohar knows for the CAs it signs under (CRL_DIR). Signing embeds the ones for the
 * signer's chain in the PDF (PAdES LTV) and refuses a certificate they list as revoked. The CRL
 * checks themselves are the verifier's (checkRevocation), so both sides judge a CRL the same way.
 */
export class RevocationSource {
  readonly crls: readonly Buffer[];

  constructor(crls: Buffer[]) {
    this.crls = crls;
  }

  static empty(): RevocationSource {
    return new RevocationSource([]);
  }

  /** CRL files (DER or PEM; *.crl, *.pem, *.der) of a directory. A file that holds no CRL is a configuration error. */
  static fromDir(dir: string): RevocationSource {
    const files = fs
      .readdirSync(dir)
      .filter((f) => /\.(crl|pem|der)$/i.test(f))
      .sort()
      .map((f) => path.join(dir, f));
    return new RevocationSource(files.flatMap(crlsInFile));
  }

  /** Like fromDir; no directory configured (null) or none there yields no CRLs. */
  static fromDirIfPresent(dir: string | null): RevocationSource {
    return dir && fs.existsSync(dir) ? RevocationSource.fromDir(dir) : RevocationSource.empty();
  }

  /** Checks of every non-root certificate of `chain` (leaf first) against the known CRLs at `at`. */
  private checks(chain: Buffer[], at: Date): Array<{ cert: X509Certificate; issuer: X509Certificate; usable: Buffer[]; result: RevocationCheck }> {
    const certs = chain.map((d) => new X509Certificate(d));
    return certs.flatMap((cert) => {
      if (isSelfIssued(cert)) return [];
      const issuer = issuerIn(cert, certs);
      if (!issuer) return [];
      const usable = this.crls.filter((der) => checkRevocation(cert, issuer, [{ der, source: "crl_dir" }], [], at).status !== "no_data");
      const result = checkRevocation(cert, issuer, usable.map((der) => ({ der, source: "crl_dir" })), [], at);
      return [{ cert, issuer, usable, result }];
    });
  }

  /**
   * The chain's certificates and the CRLs that speak for them at `at`: for each certificate, those
   * whose issuer is the certificate's issuer in the chain and whose signature that issuer made.
   */
  revocationDataFor(chain: Buffer[], at: Date): ValidationData {
    const crls = new Map<string, Buffer>();
    for (const c of this.checks(chain, at)) for (const der of c.usable) crls.set(der.toString("base64"), der);
    const certs = new Map(chain.map((d) => [d.toString("base64"), d]));
    return { certs: [...certs.values()], crls: [...crls.values()], ocsps: [] };
  }

  /** Refuses a chain (leaf first) with a certificate that a known CRL lists as revoked at `at`. */
  assertNotRevoked(chain: Buffer[], at: Date): void {
    const hit = this.checks(chain, at).find((c) => c.result.status === "revoked");
    if (!hit) return;
    const d = describeCertificate(hit.cert.raw);
    const when = hit.result.revocationTime ? ` on ${hit.result.revocationTime.toISOString()}` : "";
    const which = hit.cert.raw.equals(chain[0] ?? Buffer.alloc(0)) ? "the signer's certificate" : "an issuing CA certificate";
    throw new MoharError(
      "unprocessable",
      "cert.revoked",
      `${which} ${d.subject} (serial ${d.serialHex}) was revoked${when} by ${describeCertificate(hit.issuer.raw).subject}; it can no longer sign`,
    );
  }
}

function crlsInFile(file: string): Buffer[] {
  const bytes = fs.readFileSync(file);
  const pem = pemBlocks(bytes.toString("latin1"), "X509 CRL");
  const ders = pem.length > 0 ? pem : [bytes];
  for (const der of ders) {
    try {
      pkijs.CertificateRevocationList.fromBER(der);
    } catch (e) {
      throw new Error(`${file} does not hold a readable CRL (DER or PEM): ${(e as Error).message}`);
    }
  }
  return ders;
}
