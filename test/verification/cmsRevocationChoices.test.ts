import { execFileSync } from "node:child_process";
import { sign } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as pkijs from "pkijs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { makePdf, signPdf } from "../helpers/testSigner.js";
import { verify } from "./fixtures.js";

/**
 * adbe.pkcs7.detached signatures whose CMS carries revocation data in SignedData.crls
 * (RevocationInfoChoices), in the shapes real signers write: CRLs as OpenSSL, BouncyCastle, NSS
 * and Adobe put them there (DER and BER indefinite lengths), CRLs with the extensions of delta and
 * indirect CRLs, OCSP responses and SCVP data as OtherRevocationInfoFormat, certificates of the
 * other-certificate choice, and /Contents padded after the CMS with non-zero bytes. Each must
 * parse and verify; none may be reported as a CMS that does not parse.
 */
let pki: TestPki;
let base: Buffer;

/** A signer whose certificate names a CRL distribution point (a partition of the root's CRLs). */
let partitioned: { cert: string; key: string };
const PART1 = "http://ca.example/part1.crl";

beforeAll(async () => {
  pki = makeTestPki();
  base = await makePdf();
  const run = (args: string[]): void => void execFileSync("openssl", args, { cwd: pki.dir, stdio: "pipe" });
  fs.writeFileSync(path.join(pki.dir, "cdp.cnf"), `[cdp]\nbasicConstraints = CA:false\nkeyUsage = critical,digitalSignature,nonRepudiation\ncrlDistributionPoints = URI:${PART1}\n`);
  run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "cdp.key", "-out", "cdp.csr", "-subj", "/CN=cdp officer/O=mohar tests", "-config", "ca.cnf"]);
  run(["x509", "-req", "-in", "cdp.csr", "-CA", "root.pem", "-CAkey", "root.key", "-set_serial", "4200", "-days", "30", "-out", "cdp.pem", "-extfile", "cdp.cnf", "-extensions", "cdp"]);
  partitioned = { cert: path.join(pki.dir, "cdp.pem"), key: path.join(pki.dir, "cdp.key") };
});
afterAll(() => pki.cleanup());

// --- a minimal BER writer/reader: the shapes must keep the exact encodings signers write ---

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A TLV: definite length, or indefinite (BER: 0x80 ... 00 00) as Adobe, NSS and Java write. */
function tlv(tag: number, parts: Buffer[], indefinite = false): Buffer {
  const content = Buffer.concat(parts);
  return indefinite ? Buffer.concat([Buffer.from([tag, 0x80]), content, Buffer.from([0, 0])]) : Buffer.concat([Buffer.from([tag]), len(content.length), content]);
}

const seq = (...parts: Buffer[]): Buffer => tlv(0x30, parts);
const int = (n: number): Buffer => tlv(0x02, [Buffer.from(n < 0x80 ? [n] : [n >> 8, n & 0xff])]);
const bool = (): Buffer => Buffer.from([0x01, 0x01, 0xff]);
const octets = (b: Buffer): Buffer => tlv(0x04, [b]);
function oidOf(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number) as number[];
  const out = [40 * (a as number) + (b as number)];
  for (const n of rest) {
    const groups: number[] = [];
    for (let v = n; ; v = Math.floor(v / 128)) {
      groups.unshift((v % 128) | (groups.length ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...groups);
  }
  return tlv(0x06, [Buffer.from(out)]);
}
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return d.getUTCFullYear() >= 2050 ? tlv(0x18, [Buffer.from(`${iso}Z`)]) : tlv(0x17, [Buffer.from(`${iso.slice(2)}Z`)]);
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
}

function readTlv(buf: Buffer, at: number): Tlv {
  const tag = buf[at] as number;
  let p = at + 1;
  const first = buf[p++] as number;
  if (first === 0x80) {
    let q = p;
    while (!(buf[q] === 0 && buf[q + 1] === 0)) q = readTlv(buf, q).end;
    return { tag, start: at, contentStart: p, contentEnd: q, end: q + 2 };
  }
  let n = first;
  if (first & 0x80) {
    n = 0;
    for (let i = 0; i < (first & 0x7f); i++) n = n * 256 + (buf[p++] as number);
  }
  return { tag, start: at, contentStart: p, contentEnd: p + n, end: p + n };
}

function children(buf: Buffer, t: Tlv): Buffer[] {
  const out: Buffer[] = [];
  for (let at = t.contentStart; at < t.contentEnd; ) {
    const c = readTlv(buf, at);
    out.push(buf.subarray(c.start, c.end));
    at = c.end;
  }
  return out;
}

/**
 * The CMS with `crls` as its RevocationInfoChoices and `extraCerts` added to its certificates,
 * every other field kept byte for byte (the signature does not cover these two sets).
 */
function withChoices(cms: Buffer, o: { crls?: Buffer[]; extraCerts?: Buffer[]; indefinite?: boolean }): Buffer {
  const ci = readTlv(cms, 0);
  const [type, explicit] = children(cms, ci) as [Buffer, Buffer];
  const sdTlv = readTlv(explicit, readTlv(explicit, 0).contentStart);
  const fields = children(explicit, sdTlv);
  const signerInfos = fields.pop() as Buffer;
  const out: Buffer[] = [];
  for (const f of fields) {
    if (f[0] === 0xa1) continue;
    if (f[0] === 0xa0 && o.extraCerts) out.push(tlv(0xa0, [...children(f, readTlv(f, 0)), ...o.extraCerts], o.indefinite));
    else out.push(f);
  }
  if (o.crls) out.push(tlv(0xa1, o.crls, o.indefinite));
  const sd = tlv(0x30, [...out, signerInfos], o.indefinite);
  const built = tlv(0x30, [type, tlv(0xa0, [sd], o.indefinite)], o.indefinite);
  opensslParses(built);
  return built;
}

/** OpenSSL must read the shape too (it is what the signers' libraries write, not an invention). */
function opensslParses(cms: Buffer): void {
  const file = path.join(pki.dir, `shape-${process.pid}-${Math.random().toString(36).slice(2)}.p7s`);
  fs.writeFileSync(file, cms);
  try {
    execFileSync("openssl", ["cms", "-cmsout", "-inform", "DER", "-in", file, "-noout"], { stdio: ["ignore", "ignore", "pipe"] });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

// --- CRLs from the test root, in the shapes CAs issue ---

interface CrlShape {
  /** Leave out the version (a v1 CRL). */
  v1?: boolean;
  /** The revokedCertificates field: absent, an empty SEQUENCE, or one entry with this serial. */
  revoked?: "absent" | "empty" | number;
  extensions?: Buffer[];
  thisUpdate?: Date;
  nextUpdate?: Date;
}

/** A serial the test root never issued, and the signer's (officer, 4097). */
const OTHER = 0x7777;
const SIGNER = 0x1001;

const SHA256_RSA = seq(oidOf("1.2.840.113549.1.1.11"), Buffer.from([0x05, 0x00]));

function rootParts(): { subject: Buffer; keyId: Buffer; key: Buffer } {
  const pem = fs.readFileSync(pki.rootPem, "latin1");
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
  const cert = pkijs.Certificate.fromBER(der);
  const ski = cert.extensions?.find((e) => e.extnID === "2.5.29.14");
  const keyId = Buffer.from(ski?.extnValue.valueBlock.valueHexView ?? []).subarray(2);
  return { subject: Buffer.from(cert.subject.toSchema().toBER()), keyId, key: fs.readFileSync(path.join(pki.dir, "root.key")) };
}

const ext = (id: string, value: Buffer, critical = false): Buffer => seq(oidOf(id), ...(critical ? [bool()] : []), octets(value));

function crl(shape: CrlShape): Buffer {
  const root = rootParts();
  const now = Date.now();
  const revoked = shape.revoked === "empty" ? [seq()] : typeof shape.revoked === "number" ? [seq(seq(int(shape.revoked), time(new Date(now - 86_400_000))))] : [];
  const exts = shape.extensions ?? [ext("2.5.29.20", int(7)), ext("2.5.29.35", seq(tlv(0x80, [root.keyId])))];
  const tbs = seq(
    ...(shape.v1 ? [] : [int(1)]),
    SHA256_RSA,
    root.subject,
    time(shape.thisUpdate ?? new Date(now - 3_600_000)),
    time(shape.nextUpdate ?? new Date(now + 30 * 86_400_000)),
    ...revoked,
    ...(shape.v1 ? [] : [tlv(0xa0, [seq(...exts)])]),
  );
  const sig = sign("sha256", tbs, root.key);
  return seq(tbs, SHA256_RSA, tlv(0x03, [Buffer.concat([Buffer.from([0]), sig])]));
}

const generalized = (d: Date): Buffer => tlv(0x18, [Buffer.from(`${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`)]);

/** An attribute certificate (RFC 5755) from the test root for the signer, as [2] v2AttrCert of CertificateChoices. */
function attributeCertificate(): Buffer {
  const root = rootParts();
  const names = seq(tlv(0xa4, [root.subject]));
  const info = seq(
    int(1),
    seq(tlv(0xa0, [names, int(SIGNER)])),
    tlv(0xa0, [names]),
    SHA256_RSA,
    int(0x0a11),
    seq(generalized(new Date(Date.now() - 86_400_000)), generalized(new Date(Date.now() + 86_400_000))),
    seq(seq(oidOf("1.3.6.1.4.1.99999.3"), tlv(0x31, [tlv(0x0c, [Buffer.from("Section Officer")])]))),
  );
  const sig = sign("sha256", info, root.key);
  const cert = seq(info, SHA256_RSA, tlv(0x03, [Buffer.concat([Buffer.from([0]), sig])]));
  return Buffer.concat([Buffer.from([0xa2]), cert.subarray(1)]);
}

function opensslCms(data: Buffer, args: string[] = [], signer = { cert: pki.signerPem, key: pki.signerKey }): Buffer {
  const input = path.join(pki.dir, `cms-${process.pid}-${Math.random().toString(36).slice(2)}.bin`);
  fs.writeFileSync(input, data);
  try {
    return execFileSync("openssl", ["cms", "-sign", "-binary", "-in", input, "-signer", signer.cert, "-inkey", signer.key, "-outform", "DER", "-md", "sha256", "-nosmimecap", "-cades", ...args]);
  } finally {
    fs.rmSync(input, { force: true });
  }
}

function reportOf(cms: (signed: Buffer) => Buffer, signer?: { cert: string; key: string }) {
  return signPdf(base, pki, { fieldName: "Approver", subFilter: "adbe.pkcs7.detached", signerPem: signer?.cert, signerKey: signer?.key, cms: async (signed) => cms(signed) }).then((pdf) =>
    verify(pdf, pki),
  );
}

/** A CRL whose issuing distribution point names `uri` (one partition of the issuer's CRLs). */
const partitionCrl = (uri: string): Buffer =>
  crl({ revoked: OTHER, extensions: [ext("2.5.29.20", int(9)), ext("2.5.29.28", seq(tlv(0xa0, [tlv(0xa0, [tlv(0x86, [Buffer.from(uri)])])])), true)] });

const withCrl = (c: Buffer) => (s: Buffer) => withChoices(opensslCms(s), { crls: [c] });

describe("adbe.pkcs7.detached CMS with revocation data inside (RevocationInfoChoices)", () => {
  const shapes: Array<[string, (signed: Buffer) => Buffer, string]> = [
    ["a CRL as OpenSSL writes it (DER)", (s) => withChoices(opensslCms(s), { crls: [pki.crlDer] }), "crl:cms"],
    ["a CRL in BER indefinite lengths (openssl -stream, as Adobe, NSS and Java write SignedData)", (s) => withChoices(opensslCms(s, ["-stream"]), { crls: [crl({ revoked: OTHER })], indefinite: true }), "crl:cms"],
    ["an indirect CRL (critical issuing distribution point)", (s) => withCrl(crl({ revoked: OTHER, extensions: [ext("2.5.29.20", int(9)), ext("2.5.29.28", seq(Buffer.from([0x84, 0x01, 0xff])), true)] }))(s), "crl:cms"],
    ["a CRL with an empty revokedCertificates SEQUENCE", (s) => withCrl(crl({ revoked: "empty" }))(s), "crl:cms"],
    ["a v1 CRL (no version, no extensions)", (s) => withCrl(crl({ v1: true, revoked: OTHER }))(s), "crl:cms"],
    ["a CRL whose nextUpdate is a GeneralizedTime after 2050", (s) => withCrl(crl({ nextUpdate: new Date("2051-03-01T00:00:00Z") }))(s), "crl:cms"],
    ["an OCSP response as OtherRevocationInfoFormat (id-ri-ocsp-response)", (s) => withChoices(opensslCms(s), { crls: [tlv(0xa1, [oidOf("1.3.6.1.5.5.7.16.2"), pki.ocspGoodDer])] }), "ocsp:cms"],
    ["SCVP data as OtherRevocationInfoFormat (id-ri-scvp) next to a CRL", (s) => withChoices(opensslCms(s), { crls: [crl({}), tlv(0xa1, [oidOf("1.3.6.1.5.5.7.16.4"), seq(octets(Buffer.from("scvp")))])] }), "crl:cms"],
    ["a certificate of the other-certificate choice next to a CRL", (s) => withChoices(opensslCms(s), { crls: [crl({})], extraCerts: [tlv(0xa3, [oidOf("1.3.6.1.4.1.99999.2"), octets(Buffer.from("other"))])] }), "crl:cms"],
    ["an attribute certificate (v2AttrCert) among the certificates, next to a CRL", (s) => withChoices(opensslCms(s), { crls: [crl({})], extraCerts: [attributeCertificate()] }), "crl:cms"],
    ["/Contents padded after the CMS with non-zero bytes", (s) => Buffer.concat([withCrl(crl({}))(s), Buffer.alloc(64, 0xab)]), "crl:cms"],
    ["BER indefinite lengths and non-zero padding after the CMS", (s) => Buffer.concat([withChoices(opensslCms(s, ["-stream"]), { crls: [crl({})], indefinite: true }), Buffer.alloc(64, 0x5a)]), "crl:cms"],
  ];

  it.each(shapes)("verifies %s, with the revocation data read", async (_name, make, source) => {
    const s = (await reportOf(make)).signatures[0];
    expect(s?.problems.join("; ")).not.toMatch(/does not parse/);
    expect(s?.status, s?.statusReason).toBe("TOTAL_PASSED");
    expect(s?.revocation).toMatchObject({ status: "good", source });
  });
});

describe("CRLs whose silence does not show the signer good (RFC 5280 5.2, 6.3.3)", () => {
  it.each([
    ["a delta CRL (only changes since its base)", () => crl({ revoked: OTHER, extensions: [ext("2.5.29.20", int(8)), ext("2.5.29.27", int(7), true)] }), /it is a delta CRL/],
    ["a CRL with a critical extension mohar does not process", () => crl({ extensions: [ext("1.3.6.1.4.1.99999.1", Buffer.from([0x05, 0x00]), true)] }), /critical extension mohar does not process \(1\.3\.6\.1\.4\.1\.99999\.1\)/],
    ["an authority revocation list (issuing distribution point: only CA certificates)", () => crl({ extensions: [ext("2.5.29.20", int(9)), ext("2.5.29.28", seq(Buffer.from([0x82, 0x01, 0xff])), true)] }), /only CA certificates/],
    ["a CRL limited to some revocation reasons", () => crl({ extensions: [ext("2.5.29.20", int(9)), ext("2.5.29.28", seq(Buffer.from([0x83, 0x02, 0x07, 0x80])), true)] }), /some revocation reasons/],
  ] as Array<[string, () => Buffer, RegExp]>)("is read but not taken as proof for %s: revocation is unknown, not good", async (_name, c, why) => {
    const s = (await reportOf(withCrl(c()))).signatures[0];
    expect(s?.problems.join("; ")).not.toMatch(/does not parse/);
    expect(s?.status).toBe("INDETERMINATE");
    expect(s?.revocation.status).toBe("no_data");
    expect(s?.revocation.detail).toMatch(why);
  });

  it("takes a partitioned CRL only for certificates that name its distribution point", async () => {
    const signWith = (c: Buffer) => reportOf((s) => withChoices(opensslCms(s, [], partitioned), { crls: [c] }), partitioned);
    const other = (await signWith(partitionCrl("http://ca.example/part2.crl"))).signatures[0];
    expect(other?.revocation).toMatchObject({ status: "no_data", detail: expect.stringMatching(/one distribution point \(http:\/\/ca\.example\/part2\.crl\), and the certificate names another/) });
    const own = (await signWith(partitionCrl(PART1))).signatures[0];
    expect(own?.revocation).toMatchObject({ status: "good", source: "crl:cms" });
    expect(own?.status, own?.statusReason).toBe("TOTAL_PASSED");
    // A certificate that names no distribution point is not in any partition (RFC 5280 6.3.3 (b)(2)(i)).
    const noCdp = (await reportOf(withCrl(partitionCrl(PART1)))).signatures[0];
    expect(noCdp?.revocation).toMatchObject({ status: "no_data", detail: expect.stringMatching(/one distribution point \(http:\/\/ca\.example\/part1\.crl\), and the certificate names no distribution point/) });
    expect(noCdp?.status).toBe("INDETERMINATE");
    // Nor is a partition named otherwise than by a URI (here a directoryName) taken for any certificate.
    const byName = crl({ revoked: OTHER, extensions: [ext("2.5.29.20", int(9)), ext("2.5.29.28", seq(tlv(0xa0, [tlv(0xa0, [tlv(0xa4, [seq()])])])), true)] });
    const named = (await signWith(byName)).signatures[0];
    expect(named?.revocation).toMatchObject({ status: "no_data", detail: expect.stringMatching(/named otherwise than by a URI/) });
  });

  it("takes a delta CRL that lists the signer as proof of revocation", async () => {
    const delta = crl({ revoked: SIGNER, extensions: [ext("2.5.29.20", int(8)), ext("2.5.29.27", int(7), true)] });
    const s = (await reportOf(withCrl(delta))).signatures[0];
    expect(s?.revocation.status).toBe("revoked");
    expect(s?.status).not.toBe("TOTAL_PASSED");
  });
});
