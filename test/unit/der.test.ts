import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { algorithmIdentifier, derOctetString, derOid, derSmallInteger, derTlv } from "../../src/pki/common/der.js";
import { oid } from "../../src/pki/common/oids.js";

const asn1 = (v: asn1js.AsnType): Buffer => Buffer.from(v.toBER(false));

describe("hand-written DER encoders agree with asn1js", () => {
  it("encodes every OID mohar names, and arcs past 2^32 and under 2.x", () => {
    const all = [...Object.values(oid), "0.0", "1.39", "2.0", "2.47", "2.999.1", "2.25.329800735698586629295641978511506172918", "1.2.840.113549.1.9.16.2.47"];
    for (const dotted of all) expect(derOid(dotted).toString("hex"), dotted).toBe(asn1(new asn1js.ObjectIdentifier({ value: dotted })).toString("hex"));
  });

  it("refuses what is not an object identifier", () => {
    for (const bad of ["", "1", "3.1", "1.40", "1..2", "1.2.x", "-1.2"]) expect(() => derOid(bad), bad).toThrow(/object identifier/);
  });

  it("encodes OCTET STRINGs of every length form, small INTEGERs and AlgorithmIdentifiers", () => {
    for (const n of [0, 1, 127, 128, 255, 256, 65_535, 65_536]) {
      const bytes = Buffer.alloc(n, 0xab);
      expect(derOctetString(bytes).equals(asn1(new asn1js.OctetString({ valueHex: bytes }))), `length ${n}`).toBe(true);
    }
    for (const n of [0, 1, 3, 127]) expect(derSmallInteger(n).equals(asn1(new asn1js.Integer({ value: n })))).toBe(true);
    expect(() => derSmallInteger(128)).toThrow();
    expect(algorithmIdentifier(oid.rsaEncryption, true).equals(
      asn1(new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid.rsaEncryption }), new asn1js.Null()] })),
    )).toBe(true);
    expect(algorithmIdentifier(oid.sha256, false).equals(derTlv(0x30, asn1(new asn1js.ObjectIdentifier({ value: oid.sha256 }))))).toBe(true);
  });
});
