import * as pkijs from "pkijs";

const CRL_DISTRIBUTION_POINTS = "2.5.29.31";
const AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
const AD_OCSP = "1.3.6.1.5.5.7.48.1";
/** GeneralName's uniformResourceIdentifier choice. */
const URI = 6;

/** Where a certificate says its revocation status is published: CRL distribution points and OCSP responders. */
export interface RevocationUrls {
  crl: string[];
  ocsp: string[];
}

/** The URIs of a certificate's CDP and AIA (OCSP) extensions; a certificate without them, or that pkijs cannot read, yields none. */
export function revocationUrls(der: Buffer): RevocationUrls {
  let cert: pkijs.Certificate;
  try {
    cert = pkijs.Certificate.fromBER(der);
  } catch {
    return { crl: [], ocsp: [] };
  }
  return urlsOfCertificate(cert);
}

/** revocationUrls of a certificate pkijs has read. */
export function urlsOfCertificate(cert: pkijs.Certificate): RevocationUrls {
  const urls: RevocationUrls = { crl: [], ocsp: [] };
  for (const ext of cert.extensions ?? []) {
    if (ext.extnID === CRL_DISTRIBUTION_POINTS && ext.parsedValue instanceof pkijs.CRLDistributionPoints) {
      for (const dp of ext.parsedValue.distributionPoints) {
        const names = Array.isArray(dp.distributionPoint) ? dp.distributionPoint : [];
        for (const n of names) if (n.type === URI && typeof n.value === "string") urls.crl.push(n.value);
      }
    }
    if (ext.extnID === AUTHORITY_INFO_ACCESS && ext.parsedValue instanceof pkijs.InfoAccess) {
      for (const ad of ext.parsedValue.accessDescriptions) {
        if (ad.accessMethod === AD_OCSP && ad.accessLocation.type === URI && typeof ad.accessLocation.value === "string") urls.ocsp.push(ad.accessLocation.value);
      }
    }
  }
  return urls;
}
