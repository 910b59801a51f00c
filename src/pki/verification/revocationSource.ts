import type { X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { MoharError } from "../../errors.js";
import { describeCertificate } from "../common/certificateInfo.js";
import { pemBlocks } from "../common/pem.js";
import { readChainCertificate, type ChainCertificate } from "../common/chainCertificate.js";
import type { SignerCertificate } from "../signing/signerCertificate.js";
import { issuedBy } from "./chainValidation.js";
import { crlSignedByOnce, crlStatus, readCrlOnce, type ParsedCrl, type RevocationCheck } from "./revocation.js";

/** Validation data for a signer's chain, as it goes into a PDF's /DSS. */
export interface ValidationData {
  certs: Buffer[];
  crls: Buffer[];
  ocsps: Buffer[];
}

const isSelfIssued = (c: X509Certificate): boolean => c.subject === c.issuer;

/**
 * How many issuer certificates each CRL remembers, and how many chain certificates the source
 * keeps read. Real chains bring the same few; past these (certificates a caller made up), the
 * memory starts over.
 */
const MAX_CERTIFICATES = 256;

interface CrlHit {
  der: Buffer;
  result: RevocationCheck;
}

/**
 * The CRLs mohar knows for the CAs it signs under (CRL_DIR). Signing embeds the ones for the
 * signer's chain in the PDF (PAdES LTV) and refuses a certificate they list as revoked. A CRL
 * counts for a certificate as the verifier (checkRevocation) judges it: its issuer's name and
 * signature, and a validity window that covers the signing time. The CRLs are parsed once, when
 * the source is made, each CRL's signature is checked once per issuer certificate and each
 * certificate's signature once per issuer; the window is checked on every call.
 */
export class RevocationSource {
  readonly crls: readonly Buffer[];
  private readonly loaded: ParsedCrl[];
  /** Chain certificates by DER (base64): the same CA certificates come with every signature. */
  private readonly certificates = new Map<string, ChainCertificate>();

  /** CRLs as DER (read once per process: readCrlOnce), or already read (readCrl); DER that holds no readable CRL is never used. */
  constructor(crls: ReadonlyArray<Buffer | ParsedCrl>) {
    this.crls = crls.map((c) => (Buffer.isBuffer(c) ? c : c.der));
    this.loaded = crls.flatMap((c) => {
      if (!Buffer.isBuffer(c)) return [c];
      try {
        return [readCrlOnce(c)];
      } catch {
        return [];
      }
    });
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

  /** `chain` read for the checks here, each certificate once for as long as the source remembers it. */
  readChain(chain: ReadonlyArray<Buffer | SignerCertificate | ChainCertificate>): ChainCertificate[] {
    return chain.map((c) => {
      if (!Buffer.isBuffer(c) && "x509" in c) return c;
      const id = (Buffer.isBuffer(c) ? c : c.der).toString("base64");
      let read = this.certificates.get(id);
      if (!read) {
        read = readChainCertificate(c);
        if (this.certificates.size >= MAX_CERTIFICATES) this.certificates.clear();
        this.certificates.set(id, read);
      }
      return read;
    });
  }

  /** The certificate of `pool` that issued `cert` and whose key verifies it (the verifier's memo: once per pair of certificate objects). */
  private issuerIn(cert: X509Certificate, pool: readonly ChainCertificate[]): X509Certificate | undefined {
    return pool.find(({ x509: c }) => issuedBy(cert, c))?.x509;
  }

  /** What each known CRL that speaks for `cert` (issued by `issuer`) at `at` says, in load order. */
  private hits(cert: ChainCertificate, issuer: X509Certificate, at: Date): CrlHit[] {
    return this.loaded.flatMap((crl) => {
      const subject = cert.revokable();
      // Each CRL's signature checked once per issuer certificate object (the verifier's memo: the
      // CRL objects are shared through readCrlOnce, the issuers are this source's chain certificates).
      if (!crl.issuerName.equals(subject.issuerName) || !crlSignedByOnce(crl, issuer)) return [];
      const result = crlStatus(crl, subject, at, "crl_dir");
      return result ? [{ der: crl.der, result }] : [];
    });
  }

  /** Every non-root certificate of `chain` (leaf first) with its issuer in the chain and the CRLs that speak for it at `at`. */
  private checks(chain: readonly ChainCertificate[], at: Date): Array<{ cert: ChainCertificate; issuer: X509Certificate; hits: CrlHit[] }> {
    return chain.flatMap((cert) => {
      if (isSelfIssued(cert.x509)) return [];
      const issuer = this.issuerIn(cert.x509, chain);
      return issuer ? [{ cert, issuer, hits: this.hits(cert, issuer, at) }] : [];
    });
  }

  /**
   * The chain's certificates and the CRLs that speak for them at `at`: for each certificate, those
   * whose issuer is the certificate's issuer in the chain and whose signature that issuer made.
   */
  revocationDataFor(chain: ReadonlyArray<Buffer | SignerCertificate | ChainCertificate>, at: Date): ValidationData {
    const read = this.readChain(chain);
    const crls = new Map<string, Buffer>();
    for (const c of this.checks(read, at)) for (const h of c.hits) crls.set(h.der.toString("base64"), h.der);
    const certs = new Map(read.map((c) => [c.der.toString("base64"), c.der]));
    return { certs: [...certs.values()], crls: [...crls.values()], ocsps: [] };
  }

  /** Refuses a chain (leaf first) with a certificate that a known CRL lists as revoked at `at`. */
  assertNotRevoked(chain: ReadonlyArray<Buffer | SignerCertificate | ChainCertificate>, at: Date): void {
    const read = this.readChain(chain);
    for (const { cert, issuer, hits } of this.checks(read, at)) {
      const revoked = hits.find((h) => h.result.status === "revoked")?.result;
      if (!revoked) continue;
      const d = describeCertificate(cert.der);
      const when = revoked.revocationTime ? ` on ${revoked.revocationTime.toISOString()}` : "";
      const which = cert.der.equals(read[0]?.der ?? Buffer.alloc(0)) ? "the signer's certificate" : "an issuing CA certificate";
      throw new MoharError(
        "cert.revoked",
        `${which} ${d.subject} (serial ${d.serialHex}) was revoked${when} by ${describeCertificate(issuer.raw).subject}; it can no longer sign`,
      );
    }
  }
}

function crlsInFile(file: string): ParsedCrl[] {
  const bytes = fs.readFileSync(file);
  const pem = pemBlocks(bytes.toString("latin1"), "X509 CRL");
  return (pem.length > 0 ? pem : [bytes]).map((der) => {
    try {
      return readCrlOnce(der);
    } catch (e) {
      throw new Error(`${file} does not hold a readable CRL (DER or PEM): ${(e as Error).message}`, { cause: e });
    }
  });
}
