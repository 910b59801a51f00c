import { MoharError } from "../errors.js";
import { preparePdfSignature, type DssData, type PdfPreparer, type PdfSignatureOptions } from "../pdf/index.js";
import type { LiveRevocation, RevocationSource, TsaObserver } from "../pki/index.js";
import type { SignerIdentity } from "./signingSession.js";

/**
 * The signer's choices about one signature, shared by in-process and two-phase signing: the
 * appearance and dictionary fields as the PDF writer takes them (reason, location, contactInfo,
 * page, rect, certify), and how the signature is made.
 */
export interface SignatureRequest extends Pick<PdfSignatureOptions, "reason" | "location" | "contactInfo" | "page" | "rect" | "certify"> {
  officer: SignerIdentity;
  /** Add an RFC 3161 signature timestamp (PAdES B-T) from `tsaUrl`. */
  timestamp?: boolean;
  tsaUrl?: string;
  /** Told of each request to the TSA (the service's metrics). */
  observeTsa?: TsaObserver;
  /** DER of the TSA's certificate and issuers, when known beforehand: their CRLs go into the /DSS too. */
  tsaCertificates?: Buffer[];
  /** Known CRLs: a revoked signer is refused, the chain's CRLs are embedded (PAdES B-LT). */
  revocation?: RevocationSource;
  /** Fetch OCSP/CRLs named in the chain's certificates: a revoked signer is refused, the answers are embedded. */
  liveRevocation?: LiveRevocation;
  /**
   * Where the PDF is parsed and the update written: the service passes a worker pool's preparer
   * (time, heap and decode limits); the default runs in this thread (the CLI, on the user's own file).
   */
  preparePdf?: PdfPreparer;
}

/** The preparer a request asks for, or the in-thread one. */
export function preparerFor(req: SignatureRequest): PdfPreparer {
  return req.preparePdf ?? preparePdfSignature;
}

/** The TSA to use, or undefined; asking for a timestamp without a TSA is the caller's mistake. */
export function tsaFor(req: SignatureRequest): string | undefined {
  if (!req.timestamp) return undefined;
  if (!req.tsaUrl) throw new MoharError("signing.no_tsa", "a timestamp was requested but no TSA URL is configured");
  return req.tsaUrl;
}

export function pdfOptions(req: SignatureRequest, signingTime: Date, dss: DssData | undefined): PdfSignatureOptions {
  return {
    dss,
    signingTime,
    name: req.officer.name,
    designation: req.officer.designation,
    reason: req.reason,
    location: req.location,
    contactInfo: req.contactInfo,
    page: req.page,
    rect: req.rect,
    certify: req.certify,
  };
}
