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

/**
 * A DER OBJECT IDENTIFIER from its dotted form, written directly: signing encodes a handful on every
 * signature, and asn1js's generic encoder cost more than the RSA signature itself.
 */
export function derOid(dotted: string): Buffer {
  const arcs = dotted.split(".").map((a) => {
    if (!/^\d+$/.test(a)) throw new Error(`${dotted} is not a dotted object identifier`);
    return BigInt(a);
  });
  const [first, second] = arcs;
  if (first === undefined || second === undefined || first > 2n || (first < 2n && second > 39n)) {
    throw new Error(`${dotted} is not a valid object identifier`);
  }
  const body: number[] = [];
  for (const arc of [first * 40n + second, ...arcs.slice(2)]) {
    const base128: number[] = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) base128.unshift(Number(rest & 0x7fn) | 0x80);
    body.push(...base128);
  }
  return derTlv(0x06, Buffer.from(body));
}

export function derOctetString(bytes: Uint8Array): Buffer {
  return derTlv(0x04, bytes);
}

/** A DER INTEGER for 0..127, such as a CMS version number. */
export function derSmallInteger(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 127) throw new Error(`${n} is not an integer from 0 to 127`);
  return Buffer.from([0x02, 0x01, n]);
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm, parameters NULL (RSA, digests in some profiles) or absent }, as DER. */
export function algorithmIdentifier(algorithm: string, nullParams: boolean): Buffer {
  return derTlv(0x30, derOid(algorithm), ...(nullParams ? [Buffer.from([0x05, 0x00])] : []));
}

/** A DER named-bit BIT STRING (bit 0 = most significant bit), trailing zero bits dropped. */
export function namedBits(bits: readonly number[]): asn1js.BitString {
  if (bits.length === 0) return new asn1js.BitString({ valueHex: new Uint8Array(0) });
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[b >> 3] = (bytes[b >> 3] ?? 0) | (0x80 >> (b & 7));
  return new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (highest & 7) });
}
