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

/**
 * One DER TLV around content that is already DER: lets mohar embed certificates and tokens
 * byte for byte, where a parse and re-encode could change them.
 */
export function derTlv(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  const length: number[] = [];
  for (let n = body.length; n > 0; n = Math.floor(n / 256)) length.unshift(n % 256);
  const header = body.length < 0x80 ? [tag, body.length] : [tag, 0x80 | length.length, ...length];
  return Buffer.concat([Buffer.from(header), body]);
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
