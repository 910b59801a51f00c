import * as pkijs from "pkijs";
import { pkiEngine } from "../common/cryptoEngine.js";
import { fetchBounded, type FetchLimits, type Fetched } from "./revocationFetcher.js";

/** OCSPResponseStatus successful (RFC 6960 §4.2.1). */
const SUCCESSFUL = 0;

/**
 * Asks the OCSP responder at `url` about `cert` (DER, issued by `issuer`). Returns the DER of a
 * successful response; whether it speaks for the certificate (signature, responder, window) is
 * judged by checkRevocation like any embedded response. A responder that answers with an error
 * status or with bytes that are no OCSP response gives the fault "garbage" or "http_error".
 */
export async function fetchOcsp(url: string, cert: Buffer, issuer: Buffer, limits: FetchLimits): Promise<Fetched<Buffer>> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(pkijs.Certificate.fromBER(cert), { hashAlgorithm: "SHA-1", issuerCertificate: pkijs.Certificate.fromBER(issuer) }, pkiEngine);
  const body = Buffer.from(request.toSchema(true).toBER(false));
  const got = await fetchBounded(url, limits, { contentType: "application/ocsp-request", body });
  if (!got.ok) return got;
  let status: number;
  try {
    status = pkijs.OCSPResponse.fromBER(got.value).responseStatus.valueBlock.valueDec;
  } catch (e) {
    return { ok: false, fault: "garbage", url, detail: `not an OCSP response: ${(e as Error).message}` };
  }
  if (status !== SUCCESSFUL) return { ok: false, fault: "http_error", url, detail: `the responder answered with OCSP status ${status}` };
  return got;
}
