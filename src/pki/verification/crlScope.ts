import * as asn1js from "asn1js";
import type * as pkijs from "pkijs";

/**
 * What a CRL speaks for (RFC 5280 5.2, 5.3, 6.3.3), beyond its issuer and dates: a CRL with a
 * critical extension mohar does not process may not be used at all; a delta CRL, or one limited to
 * some revocation reasons, lists revocations but its silence proves nothing; an issuing
 * distribution point may limit it to end-entity or to CA certificates (an authority revocation
 * list says nothing about a signer's own certificate).
 */
export interface CrlScope {
  /** Why the CRL may not be used at all; null when it may. */
  unusable: string | null;
  /** Why a certificate it does not list is not thereby shown good (delta, some reasons only); null for a complete CRL. */
  partial: string | null;
  /** The certificates it is limited to by its issuing distribution point; null for all. */
  only: "end-entity" | "ca" | null;
  /** Serials (hex) a delta CRL lists as removed from the base CRL (reason removeFromCRL): not revoked. */
  removed: ReadonlySet<string>;
  /** The URIs its issuing distribution point names (a partitioned CRL); empty when it names none or none mohar can read. */
  points: string[];
  /** Whether its issuing distribution point names a distribution point at all (by URI or otherwise): then it is a partition. */
  partitioned: boolean;
}

const DELTA_CRL_INDICATOR = "2.5.29.27";
const ISSUING_DISTRIBUTION_POINT = "2.5.29.28";
/** CRL extensions RFC 5280 defines (crlNumber, AKI, issuerAltName, delta, IDP, freshestCRL, AIA, expiredCertsOnCRL). */
const KNOWN_CRL = new Set(["2.5.29.20", "2.5.29.35", "2.5.29.18", DELTA_CRL_INDICATOR, ISSUING_DISTRIBUTION_POINT, "2.5.29.46", "1.3.6.1.5.5.7.1.1", "2.5.29.60"]);
const REASON_CODE = "2.5.29.21";
/** CRL entry extensions RFC 5280 defines (reasonCode, holdInstructionCode, invalidityDate, certificateIssuer). */
const KNOWN_ENTRY = new Set([REASON_CODE, "2.5.29.23", "2.5.29.24", "2.5.29.29"]);
const REMOVE_FROM_CRL = 8;

function flag(block: asn1js.AsnType | undefined): boolean {
  const v = (block as asn1js.BaseBlock | undefined)?.valueBeforeDecodeView;
  return v !== undefined && v.byteLength >= 3 && v[v.byteLength - 1] !== 0;
}

function reasonOf(entry: pkijs.RevokedCertificate): number | undefined {
  const ext = entry.crlEntryExtensions?.extensions.find((e) => e.extnID === REASON_CODE);
  const v = ext ? asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result : undefined;
  return v instanceof asn1js.Enumerated ? v.valueBlock.valueDec : undefined;
}

/** The URIs of an issuing distribution point's fullName ([0] DistributionPointName, [0] GeneralNames, [6] URI). */
function pointUris(dp: asn1js.AsnType): string[] {
  const fullName = (dp as asn1js.Constructed).valueBlock?.value?.[0];
  if (!fullName || fullName.idBlock.tagNumber !== 0 || !(fullName instanceof asn1js.Constructed)) return [];
  return fullName.valueBlock.value.filter((n) => n.idBlock.tagNumber === 6 && n instanceof asn1js.Primitive).map((n) => Buffer.from((n as asn1js.Primitive).valueBlock.valueHexView).toString("latin1"));
}

export function crlScope(crl: pkijs.CertificateRevocationList, serialOf: (b: Uint8Array) => string): CrlScope {
  const scope: CrlScope = { unusable: null, partial: null, only: null, removed: new Set(), points: [], partitioned: false };
  const exts = crl.crlExtensions?.extensions ?? [];
  const unknown = exts.find((e) => e.critical && !KNOWN_CRL.has(e.extnID));
  const unknownEntry = (crl.revokedCertificates ?? []).flatMap((r) => r.crlEntryExtensions?.extensions ?? []).find((e) => e.critical && !KNOWN_ENTRY.has(e.extnID));
  if (unknown || unknownEntry) {
    scope.unusable = `it has a critical ${unknown ? "" : "entry "}extension mohar does not process (${(unknown ?? unknownEntry)?.extnID})`;
    return scope;
  }
  if (exts.some((e) => e.extnID === DELTA_CRL_INDICATOR)) {
    scope.partial = "it is a delta CRL (only changes since its base CRL)";
    const removed = new Set<string>();
    for (const r of crl.revokedCertificates ?? []) if (reasonOf(r) === REMOVE_FROM_CRL) removed.add(serialOf(r.userCertificate.valueBlock.valueHexView));
    scope.removed = removed;
  }
  const idp = exts.find((e) => e.extnID === ISSUING_DISTRIBUTION_POINT);
  const fields = idp ? asn1js.fromBER(idp.extnValue.valueBlock.valueHexView).result : undefined;
  for (const f of fields instanceof asn1js.Sequence ? fields.valueBlock.value : []) {
    const tag = f.idBlock.tagNumber;
    if (tag === 0) {
      scope.partitioned = true;
      scope.points = pointUris(f);
    }
    else if (tag === 1 && flag(f)) scope.only = "end-entity";
    else if (tag === 2 && flag(f)) scope.only = "ca";
    else if (tag === 3) scope.partial ??= "its issuing distribution point limits it to some revocation reasons";
    else if (tag === 5 && flag(f)) scope.unusable = "it lists only attribute certificates";
  }
  return scope;
}
