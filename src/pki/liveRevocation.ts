import { X509Certificate } from "node:crypto";
import { revocationUrls } from "./certificateUrls.js";
import { fetchOcsp } from "./ocspClient.js";
import type { RevocationData } from "./revocation.js";
import { CrlFetcher, type FetchFault, type FetchLimits } from "./revocationFetcher.js";

/** One request made for a chain, for the report and the logs: which URL, and what came of it. */
export interface FetchAttempt {
  kind: "ocsp" | "crl";
  url: string;
  /** The certificate asked about (serial, hex). */
  serialHex: string;
  outcome: "fetched" | FetchFault;
  detail: string;
}

/** What live fetching found for a chain: data as checkRevocation and the /DSS take it ("fetched" source), and every attempt. */
export interface LiveRevocationData {
  ocsps: RevocationData[];
  crls: RevocationData[];
  attempts: FetchAttempt[];
}

/**
 * Fetches revocation data for every non-root certificate of a chain (leaf first): its OCSP
 * responders first, then its CRL distribution points only when no responder answered. The
 * issuer is the chain certificate whose name (and key identifier) issued it; its signature is
 * checked when checkRevocation judges the answers. A certificate whose issuer is not in the chain
 * cannot be asked about (OCSP needs the issuer's key hash) and is skipped.
 */
export class LiveRevocation {
  private readonly crlFetcher: CrlFetcher;

  constructor(
    private readonly limits: FetchLimits,
    now: () => Date = () => new Date(),
  ) {
    this.crlFetcher = new CrlFetcher(limits, now);
  }

  async forChain(chain: readonly Buffer[]): Promise<LiveRevocationData> {
    const found: LiveRevocationData = { ocsps: [], crls: [], attempts: [] };
    const certs = chain.map((der) => new X509Certificate(der));
    for (const cert of certs) {
      if (cert.subject === cert.issuer) continue;
      const issuer = certs.find((c) => c !== cert && cert.checkIssued(c));
      if (!issuer) continue;
      const der = Buffer.from(cert.raw);
      const urls = revocationUrls(der);
      let answered = false;
      for (const url of urls.ocsp) {
        const got = await fetchOcsp(url, der, Buffer.from(issuer.raw), this.limits);
        found.attempts.push({ kind: "ocsp", url, serialHex: cert.serialNumber, outcome: got.ok ? "fetched" : got.fault, detail: got.ok ? "" : got.detail });
        if (got.ok) {
          found.ocsps.push({ der: got.value, source: "fetched" });
          answered = true;
          break;
        }
      }
      if (answered) continue;
      for (const url of urls.crl) {
        const got = await this.crlFetcher.fetch(url);
        found.attempts.push({ kind: "crl", url, serialHex: cert.serialNumber, outcome: got.ok ? "fetched" : got.fault, detail: got.ok ? "" : got.detail });
        if (got.ok) {
          if (!found.crls.some((c) => c.der.equals(got.value.der))) found.crls.push({ der: got.value.der, source: "fetched" });
          break;
        }
      }
    }
    return found;
  }
}
