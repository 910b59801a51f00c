import { describe, expect, it } from "vitest";
import * as asn1js from "asn1js";
import { randomSerial } from "../../src/pki/common/serialNumber.js";

describe("randomSerial", () => {
  it("is always a positive, minimally encoded DER INTEGER", () => {
    for (let i = 0; i < 2000; i++) {
      const der = Buffer.from(randomSerial().toBER());
      const decoded = asn1js.fromBER(der);
      expect(decoded.offset).toBe(der.length);
      // tag 02, length 16, then a first content octet in 0x01..0x7f: no redundant 0x00, no sign bit.
      expect(der[0]).toBe(0x02);
      expect(der[1]).toBe(16);
      expect(der[2]).toBeGreaterThan(0);
      expect(der[2]).toBeLessThan(0x80);
    }
  });
});
