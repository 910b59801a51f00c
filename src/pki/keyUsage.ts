import * as asn1js from "asn1js";

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

/** DER BIT STRING for the given usages, with trailing zero bits dropped as DER requires. */
export function encodeKeyUsage(usages: readonly KeyUsageName[]): asn1js.BitString {
  const bits = usages.map((u) => keyUsageBits[u]);
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[b >> 3] = (bytes[b >> 3] ?? 0) | (0x80 >> (b & 7));
  const unusedBits = 7 - (highest & 7);
  return new asn1js.BitString({ valueHex: bytes, unusedBits });
}

export function decodeKeyUsage(bitString: asn1js.BitString): KeyUsageName[] {
  const bytes = bitString.valueBlock.valueHexView;
  return (Object.keys(keyUsageBits) as KeyUsageName[]).filter((name) => {
    const b = keyUsageBits[name];
    return ((bytes[b >> 3] ?? 0) & (0x80 >> (b & 7))) !== 0;
  });
}
