import { randomBytes } from "node:crypto";
import * as asn1js from "asn1js";

/**
 * A random positive 16-byte INTEGER. The top bit is cleared (positive) and a low bit of the
 * first byte set, so the first octet is never 0x00: DER forbids a redundant leading zero and
 * OpenSSL rejects such serials ("illegal padding") in certificates and TSTInfo alike.
 */
export function randomSerial(): asn1js.Integer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return new asn1js.Integer({ valueHex: bytes });
}
