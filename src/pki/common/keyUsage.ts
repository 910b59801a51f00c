import type * as asn1js from "asn1js";
import { namedBits } from "./der.js";

/** RFC 5280 KeyUsage bit positions (bit 0 is the most significant bit of the first byte). */
export const keyUsageBits = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
} as const;

export type KeyUsageName = keyof typeof keyUsageBits;

export function encodeKeyUsage(usages: readonly KeyUsageName[]): asn1js.BitString {
  return namedBits(usages.map((u) => keyUsageBits[u]));
}

export function decodeKeyUsage(bitString: asn1js.BitString): KeyUsageName[] {
  const bytes = bitString.valueBlock.valueHexView;
  return (Object.keys(keyUsageBits) as KeyUsageName[]).filter((name) => {
    const b = keyUsageBits[name];
    return ((bytes[b >> 3] ?? 0) & (0x80 >> (b & 7))) !== 0;
  });
}
