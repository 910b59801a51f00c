import * as asn1js from "asn1js";

/** Parses DER that mohar expects to be well-formed; `what` names it in the error. */
export function parseDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1 || parsed.offset !== bytes.byteLength) throw new Error(`${what} is not valid DER`);
  return parsed.result;
}

export function toDer(value: asn1js.AsnType): Buffer {
  return Buffer.from(value.toBER(false));
}

/** DER SET OF: the elements sorted by their encodings (X.690 11.6). */
export function derSetOf(elements: asn1js.AsnType[]): asn1js.Set {
  const encoded = elements.map((e) => ({ e, der: toDer(e) }));
  encoded.sort((a, b) => Buffer.compare(a.der, b.der));
  return new asn1js.Set({ value: encoded.map((x) => x.e) });
}

export function algorithmIdentifier(algorithm: string, nullParams: boolean): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: algorithm }), ...(nullParams ? [new asn1js.Null()] : [])],
  });
}

/** A DER named-bit BIT STRING (bit 0 = most significant bit), trailing zero bits dropped. */
export function namedBits(bits: readonly number[]): asn1js.BitString {
  if (bits.length === 0) return new asn1js.BitString({ valueHex: new Uint8Array(0) });
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[b >> 3] = (bytes[b >> 3] ?? 0) | (0x80 >> (b & 7));
  return new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (highest & 7) });
}
