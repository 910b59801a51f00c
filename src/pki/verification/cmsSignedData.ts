import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { children, readTlv, type Tlv } from "./cmsCertificates.js";
import { derOid } from "../common/der.js";

/** What verifyCms reads of a SignedData; pkijs's SignedData is one. */
export type SignedDataParts = Pick<pkijs.SignedData, "crls" | "encapContentInfo" | "signerInfos">;

const SIGNED_DATA = derOid("1.2.840.113549.1.7.2");

function parsed<T>(bytes: Uint8Array, make: (schema: asn1js.AsnType) => T): T | null {
  const asn = asn1js.fromBER(bytes);
  return asn.offset === bytes.byteLength ? make(asn.result) : null;
}

/**
 * A ContentInfo of SignedData whose certificates were split off (cmsCertificates.ts) read field by
 * field (#16): pkijs reads each signer and the encapsulated content as before, but SignedData as a
 * whole is matched against a schema pkijs builds afresh for every CMS, with the schemas of every
 * certificate and CRL form in it: building and matching it cost more than the rest of the
 * verification. Null whenever the layout is anything but the plain one (definite lengths, version,
 * digest algorithms, encapsulated content, signer infos, no CRLs), or pkijs cannot read a part:
 * then SignedData is read whole, as before, and says what is wrong in its own words.
 */
export function readSignedDataParts(der: Uint8Array): SignedDataParts | null {
  try {
    const ci = readTlv(der, 0, der.byteLength);
    const ciFields = ci?.tag === 0x30 && ci.end === der.byteLength ? children(der, ci) : null;
    const [type, explicit] = ciFields ?? [];
    if (!ciFields || ciFields.length !== 2 || !type || !explicit || explicit.tag !== 0xa0) return null;
    if (!Buffer.from(der.subarray(type.start, type.end)).equals(SIGNED_DATA)) return null;
    const inner = children(der, explicit);
    const sd = inner?.length === 1 ? inner[0] : undefined;
    const fields = sd?.tag === 0x30 ? children(der, sd) : null;
    if (!fields || fields.length !== 4) return null;
    const [version, digestAlgorithms, eci, signerInfos] = fields as [Tlv, Tlv, Tlv, Tlv];
    if (version.tag !== 0x02 || digestAlgorithms.tag !== 0x31 || eci.tag !== 0x30 || signerInfos.tag !== 0x31) return null;
    const algorithms = children(der, digestAlgorithms);
    if (!algorithms || !algorithms.every((a) => a.tag === 0x30)) return null;
    for (const a of algorithms) if (!parsed(der.subarray(a.start, a.end), (schema) => new pkijs.AlgorithmIdentifier({ schema }))) return null;
    const encapContentInfo = parsed(der.subarray(eci.start, eci.end), (schema) => new pkijs.EncapsulatedContentInfo({ schema }));
    const signers = children(der, signerInfos);
    if (!encapContentInfo || !signers || !signers.every((s) => s.tag === 0x30)) return null;
    const read: pkijs.SignerInfo[] = [];
    for (const s of signers) {
      const si = parsed(der.subarray(s.start, s.end), (schema) => new pkijs.SignerInfo({ schema }));
      if (!si) return null;
      read.push(si);
    }
    return { crls: undefined, encapContentInfo, signerInfos: read };
  } catch {
    return null;
  }
}
