import { X509Certificate } from "node:crypto";
import { revocationUrls } from "./certificateUrls.js";
import { fetchOcsp } from "./ocspClient.js";
import { checkRevocation, crlSignedBy, ocspWindow, type RevocationData } from "./revocation.js";
import { CrlFetcher, type FetchFault, type FetchLimits } from "./revocationFetcher.js";

/** One request made for a certificate, for the report and the logs: which URL, and what came of it. */
export interface FetchAttempt {
  kind: "ocsp" | "crl";
  url: string;
  /** The certificate asked about (serial, hex). */
  serialHex: string;
  /** "cached": an answer fetched earlier, still before its nextUpdate; "stale": an answer whose nextUpdate had passed, not used. */
  outcome: "fetched" | "cached" | "stale" | FetchFault;
  detail: string;
}

/** What live fetching found: data as checkRevocation and the /DSS take it ("fetched" source, with its URL), and every attempt. */
export interface LiveRevocationData {
  ocsps: RevocationData[];
  crls: RevocationData[];
  attempts: FetchAttempt[];
}

const MAX_CACHED_OCSP = 1024;

/**
 * Fetches revocation data for certificates: each one's OCSP responders (AIA) first, then its CRL
 * distribution points (CDP) only when no responder answered. An answer whose nextUpdate has
 * passed is stale and not used; answers are reused until their nextUpdate (OCSP responses
 * without one are asked for again). Whether an answer speaks for the certificate (issuer,
 * signature, window) is checkRevocation's judgement, as for embedded data.
 */
export class LiveRevocation {
  private readonly crlFetcher: CrlFetcher;
  private readonly ocspCache = new Map<string, { der: Buffer; until: number }>();

  constructor(
    private readonly limits: FetchLimits,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.crlFetcher = new CrlFetcher(limits, now);
  }

  /**
   * Every non-root certificate of a chain (leaf first). The issuer is the chain certificate whose
   * name (and key identifier) issued it; a certificate whose issuer is not in the chain cannot be
   * asked about (OCSP needs the issuer's key hash) and is skipped.
   */
  async forChain(chain: readonly Buffer[]): Promise<LiveRevocationData> {
    const found: LiveRevocationData = { ocsps: [], crls: [], attempts: [] };
    const certs = chain.map((der) => new X509Certificate(der));
    for (const cert of certs) {
      if (cert.subject === cert.issuer) continue;
      const issuer = certs.find((c) => c !== cert && cert.checkIssued(c));
      if (!issuer) continue;
      const got = await this.forCertificate(Buffer.from(cert.raw), Buffer.from(issuer.raw));
      found.ocsps.push(...got.ocsps);
      for (const crl of got.crls) if (!found.crls.some((c) => c.der.equals(crl.der))) found.crls.push(crl);
      found.attempts.push(...got.attempts);
    }
    return found;
  }

  /** One certificate (DER) issued by `issuer` (DER): its responders, then its distribution points. */
  async forCertificate(certDer: Buffer, issuerDer: Buffer): Promise<LiveRevocationData> {
    const found: LiveRevocationData = { ocsps: [], crls: [], attempts: [] };
    const cert = new X509Certificate(certDer);
    const issuer = new X509Certificate(issuerDer);
    const serialHex = cert.serialNumber;
    const t = this.now().getTime();
    const urls = revocationUrls(certDer);
    const attempt = (kind: FetchAttempt["kind"], url: string, outcome: FetchAttempt["outcome"], detail = ""): void => {
      found.attempts.push({ kind, url, serialHex, outcome, detail });
    };
    for (const url of urls.ocsp) {
      const key = `${url} ${issuerDer.toString("base64")} ${serialHex}`;
      const cached = this.ocspCache.get(key);
      if (cached && cached.until > t) {
        attempt("ocsp", url, "cached");
        found.ocsps.push({ der: cached.der, source: "fetched", url });
        return found;
      }
      const got = await fetchOcsp(url, certDer, issuerDer, this.limits);
      if (!got.ok) {
        attempt("ocsp", url, got.fault, got.detail);
        continue;
      }
      const next = ocspWindow(got.value)?.nextUpdate ?? null;
      if (next && next.getTime() < t) {
        attempt("ocsp", url, "stale", `the answer's nextUpdate ${next.toISOString()} has passed`);
        continue;
      }
      // Only an answer signed for this certificate (by its issuer or a responder the issuer
      // authorised, about this serial) is used or kept: a forged or unrelated one would otherwise
      // stand in the cache until its own nextUpdate.
      const check = checkRevocation(cert, issuer, [], [{ der: got.value, source: "fetched" }], new Date(t));
      if (check.status === "no_data") {
        attempt("ocsp", url, "garbage", `the answer does not speak for certificate ${serialHex}: ${check.detail}`);
        continue;
      }
      attempt("ocsp", url, "fetched");
      if (next) {
        if (this.ocspCache.size >= MAX_CACHED_OCSP) this.ocspCache.clear();
        this.ocspCache.set(key, { der: got.value, until: next.getTime() });
      }
      found.ocsps.push({ der: got.value, source: "fetched", url });
      return found;
    }
    for (const url of urls.crl) {
      const got = await this.crlFetcher.fetch(url);
      if (!got.ok) {
        attempt("crl", url, got.fault, got.detail);
        continue;
      }
      const next = got.value.nextUpdate;
      if (next && next.getTime() < t) {
        attempt("crl", url, "stale", `the CRL's nextUpdate ${next.toISOString()} has passed`);
        continue;
      }
      if (!crlSignedBy(got.value, issuer)) {
        this.crlFetcher.forget(url);
        attempt("crl", url, "garbage", "the CRL is not signed by the certificate's issuer");
        continue;
      }
      attempt("crl", url, "fetched");
      found.crls.push({ der: got.value.der, source: "fetched", url });
      return found;
    }
    return found;
  }
}
