import { X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { parseX509 } from "../common/certificateInfo.js";
import { derTlv } from "../common/der.js";
import { x509Once } from "../common/derCache.js";

/** A certificate of a CMS: pkijs's reading (issuer, serial, extensions) and Node's (keys, chains). */
export type CmsCertificate = [pkijs.Certificate, X509Certificate];

export interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** One TLV with a definite length inside `limit`, low tag numbers only; null otherwise. */
export function readTlv(b: Uint8Array, at: number, limit: number): Tlv | null {
  const tag = b[at];
  const first = b[at + 1];
  if (tag === undefined || first === undefined || at + 2 > limit || (tag & 0x1f) === 0x1f || first === 0x80) return null;
  let length = first;
  let p = at + 2;
  if (first > 0x80) {
    const n = first & 0x7f;
    if (n > 4 || p + n > limit) return null;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (b[p++] as number);
  }
  return p + length <= limit ? { tag, start: at, contentStart: p, end: p + length } : null;
}

export function children(b: Uint8Array, t: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let at = t.contentStart; at < t.end; ) {
    const c = readTlv(b, at, t.end);
    if (!c) return null;
    out.push(c);
    at = c.end;
  }
  return out;
}

/**
 * A ContentInfo of SignedData split, byte for byte, into its certificates' DER and the rest of
 * it without them (#16): the certificates are most of a CMS's bytes, asn1js's reading of them
 * cost more than anything else in a verification, and they are read through the per-process
 * certificate cache instead. Null unless every length is definite and every certificate is a
 * plain X.509 certificate (a SEQUENCE): then the whole CMS is read as before.
 */
export function splitCertificates(der: Uint8Array): { rest: Buffer; certificates: Uint8Array[] } | null {
  const ci = readTlv(der, 0, der.byteLength);
  const ciFields = ci?.tag === 0x30 ? children(der, ci) : null;
  const [type, explicit] = ciFields ?? [];
  if (!ciFields || ciFields.length !== 2 || type?.tag !== 0x06 || explicit?.tag !== 0xa0) return null;
  const inner = children(der, explicit);
  const sd = inner?.length === 1 ? inner[0] : undefined;
  const fields = sd?.tag === 0x30 ? children(der, sd) : null;
  const set = fields?.find((f) => f.tag === 0xa0);
  const items = set ? children(der, set) : null;
  if (!fields || !items || !items.every((i) => i.tag === 0x30)) return null;
  const bytes = (t: Tlv): Uint8Array => der.subarray(t.start, t.end);
  const rest = derTlv(0x30, bytes(type), derTlv(0xa0, derTlv(0x30, ...fields.filter((f) => f !== set).map(bytes))));
  return { rest, certificates: items.map(bytes) };
}

/**
 * Certificates split from a CMS, read through the certificate cache. pkijs reads each as
 * SignedData would have, and one it cannot read throws (the CMS does not parse, as before); one
 * only Node cannot read is named in `problems` and left out.
 */
export function readCertificates(ders: Uint8Array[], problems: string[]): CmsCertificate[] {
  const out: CmsCertificate[] = [];
  for (const der of ders) {
    let x: X509Certificate;
    try {
      x = x509Once(der);
    } catch {
      pkijs.Certificate.fromBER(der);
      problems.push("the CMS carries a certificate that does not parse");
      continue;
    }
    out.push([parseX509(x), x]);
  }
  return out;
}

/** pkijs's reading of SignedData's certificates, each paired with Node's view of its DER as carried (not encoded again). */
export function pkijsCertificates(sd: pkijs.SignedData, content: asn1js.AsnType, problems: string[]): CmsCertificate[] {
  const fields = content instanceof asn1js.Sequence ? content.valueBlock.value : [];
  const set = fields.find((f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 0) as asn1js.Constructed | undefined;
  const raw = (set?.valueBlock.value ?? []).map((c) => (c.valueBeforeDecodeView.byteLength > 0 ? c.valueBeforeDecodeView : undefined));
  const out: CmsCertificate[] = [];
  (sd.certificates ?? []).forEach((c, i) => {
    if (!(c instanceof pkijs.Certificate)) return;
    try {
      out.push([c, new X509Certificate(raw[i] ?? Buffer.from(c.toSchema().toBER()))]);
    } catch {
      problems.push("the CMS carries a certificate that does not parse");
    }
  });
  return out;
}
