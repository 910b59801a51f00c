import { createHash, webcrypto } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { issueCertificate } from "./certificateBuilder.js";
import { issueCrl } from "./crlBuilder.js";
import type { NameAttributes } from "../common/name.js";
import { oid } from "../common/oids.js";
import { encodePkcs12 } from "../signing/pkcs12.js";
import { certificateToPem, toPem } from "../common/pem.js";

type CryptoKeyPair = webcrypto.CryptoKeyPair;

const DEV_NOTICE = "mohar DEVELOPMENT certificate - not issued under the CCA India root, not for production use";
const DEV_ORG = "Government of Example State";
const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** One entry of `officers.json`, the seed for the officer registry. Paths are relative to the PKI dir. */
export interface OfficerSeed {
  id: string;
  name: string;
  designation: string;
  department: string;
  p12Path: string;
  certificatePath: string;
  /** PEM files of the issuers, issuer first: the chain two-phase signing puts in the CMS. */
  chainPaths: string[];
}

interface DevOfficer {
  id: string;
  name: string;
  designation: string;
  department: string;
  keyType: "RSA" | "EC";
  /** Validity relative to generation time, in days. */
  validFromDays: number;
  validToDays: number;
  signingUsage: boolean;
  /** Listed as revoked (key compromise) in the intermediate's CRL, this many days before generation. */
  revokedDaysAgo?: number;
}

/**
 * The development officers. The last four exist for negative tests: one whose certificate
 * expired a year ago, one whose certificate lacks digitalSignature/nonRepudiation, one whose
 * certificate the intermediate CA revoked a week ago, and one whose certificate is valid only
 * from two years after generation.
 */
const devOfficers: readonly DevOfficer[] = [
  { id: "anita-sharma", name: "Anita Sharma", designation: "Deputy Secretary", department: "Revenue Department", keyType: "RSA", validFromDays: -1, validToDays: 6 * 365, signingUsage: true },
  { id: "rajesh-verma", name: "Rajesh Verma", designation: "Under Secretary", department: "Home Department", keyType: "RSA", validFromDays: -1, validToDays: 6 * 365, signingUsage: true },
  { id: "priya-nair", name: "Priya Nair", designation: "Joint Secretary", department: "Finance Department", keyType: "EC", validFromDays: -1, validToDays: 6 * 365, signingUsage: true },
  { id: "expired-officer", name: "Suresh Iyer", designation: "Section Officer", department: "General Administration Department", keyType: "RSA", validFromDays: -3 * 365, validToDays: -365, signingUsage: true },
  { id: "no-signing-usage", name: "Meena Gupta", designation: "Assistant Section Officer", department: "General Administration Department", keyType: "RSA", validFromDays: -1, validToDays: 6 * 365, signingUsage: false },
  { id: "revoked-officer", name: "Vikram Rao", designation: "Section Officer", department: "General Administration Department", keyType: "RSA", validFromDays: -30, validToDays: 6 * 365, signingUsage: true, revokedDaysAgo: 7 },
  { id: "future-officer", name: "Kavita Desai", designation: "Section Officer", department: "General Administration Department", keyType: "RSA", validFromDays: 2 * 365, validToDays: 6 * 365, signingUsage: true },
];

/**
 * CRLs of a development PKI are issued once, at generation, and stay current for years so that
 * a fresh checkout verifies without a CRL service. A production CA publishes them every few days.
 */
const DEV_CRL_VALIDITY_DAYS = 6 * 365;

async function generateKeyPair(type: "RSA" | "EC", rsaBits = 2048): Promise<CryptoKeyPair> {
  const algorithm =
    type === "RSA"
      ? { name: "RSASSA-PKCS1-v1_5", modulusLength: rsaBits, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }
      : { name: "ECDSA", namedCurve: "P-256" };
  return (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
}

async function pkcs8(pair: CryptoKeyPair): Promise<Buffer> {
  return Buffer.from(await webcrypto.subtle.exportKey("pkcs8", pair.privateKey));
}

/** Hash-like identifiers, as Indian CAs put in serialNumber and pseudonym (never real data here). */
function hashId(label: string, id: string, length: number): string {
  return createHash("sha256").update(`${label}:${id}`).digest("hex").slice(0, length).toUpperCase();
}

export interface DevPkiResult {
  dir: string;
  officers: OfficerSeed[];
}

/**
 * Creates the development PKI in `dir`: root CA, intermediate CA, TSA, and officers shaped like
 * Indian Class 3 DSCs, each as PKCS#12 (key + certificate + chain) and PEM, plus officers.json,
 * and a DER CRL from each CA under crl/.
 * Existing files of the same names are replaced; the whole PKI is new each time.
 */
export async function generateDevPki(dir: string, opts: { password: string; now?: Date }): Promise<DevPkiResult> {
  const now = opts.now ?? new Date();
  const at = (days: number): Date => new Date(now.getTime() + days * DAY);
  await fs.mkdir(path.join(dir, "officers"), { recursive: true });

  const place = { country: "IN", state: "Example State", postalCode: "110001" } satisfies NameAttributes;

  const rootKeys = await generateKeyPair("RSA", 3072);
  const root = await issueCertificate({
    subject: { ...place, organization: DEV_ORG, organizationalUnit: "mohar development PKI", commonName: "mohar Dev Root CA 2026" },
    publicKey: rootKeys.publicKey,
    selfSignKey: rootKeys.privateKey,
    notBefore: at(-1),
    notAfter: new Date(now.getTime() + 20 * YEAR),
    ca: {},
    keyUsage: ["keyCertSign", "cRLSign"],
  });

  const interKeys = await generateKeyPair("RSA", 2048);
  const intermediate = await issueCertificate({
    subject: { ...place, organization: DEV_ORG, organizationalUnit: "mohar development PKI", commonName: "mohar Dev Sub-CA for Class 3 Individual 2026" },
    publicKey: interKeys.publicKey,
    issuer: { certificate: root, privateKey: rootKeys.privateKey },
    notBefore: at(-1),
    notAfter: new Date(now.getTime() + 15 * YEAR),
    ca: { pathLength: 0 },
    keyUsage: ["keyCertSign", "cRLSign"],
    policies: [{ oid: oid.ccaIndiaClass3, notice: DEV_NOTICE }],
  });
  const issuer = { certificate: intermediate, privateKey: interKeys.privateKey };

  const tsaKeys = await generateKeyPair("RSA", 2048);
  const tsa = await issueCertificate({
    subject: { ...place, organization: DEV_ORG, organizationalUnit: "mohar development PKI", commonName: "mohar Dev Time Stamping Authority" },
    publicKey: tsaKeys.publicKey,
    issuer,
    notBefore: at(-1),
    notAfter: new Date(now.getTime() + 10 * YEAR),
    keyUsage: ["digitalSignature", "nonRepudiation"],
    extendedKeyUsage: { purposes: [oid.timeStamping], critical: true },
    policies: [{ oid: oid.devTsaPolicy, notice: DEV_NOTICE }],
  });

  await fs.writeFile(path.join(dir, "root.pem"), certificateToPem(root));
  await fs.writeFile(path.join(dir, "intermediate.pem"), certificateToPem(intermediate));
  await fs.writeFile(path.join(dir, "tsa.pem"), certificateToPem(tsa));
  await fs.writeFile(path.join(dir, "tsa.key.pem"), toPem(await pkcs8(tsaKeys), "PRIVATE KEY"), { mode: 0o600 });

  const seeds: OfficerSeed[] = [];
  const revoked: Array<{ certificate: Buffer; date: Date; reason: "keyCompromise" }> = [];
  for (const o of devOfficers) {
    const keys = await generateKeyPair(o.keyType);
    const cert = await issueCertificate({
      subject: {
        ...place,
        organization: DEV_ORG,
        organizationalUnit: o.department,
        title: o.designation,
        pseudonym: hashId("pseudonym", o.id, 32),
        serialNumber: hashId("serial", o.id, 64),
        commonName: o.name.toUpperCase(),
      },
      publicKey: keys.publicKey,
      issuer,
      notBefore: at(o.validFromDays),
      notAfter: at(o.validToDays),
      keyUsage: o.signingUsage ? ["digitalSignature", "nonRepudiation"] : ["keyEncipherment", "dataEncipherment"],
      extendedKeyUsage: { purposes: [oid.emailProtection, oid.clientAuth, oid.msDocumentSigning], critical: false },
      policies: [{ oid: oid.ccaIndiaClass3, notice: DEV_NOTICE }],
    });
    const p12 = encodePkcs12({ privateKeyPkcs8: await pkcs8(keys), certificates: [cert, intermediate, root], password: opts.password, friendlyName: o.name });
    const seed: OfficerSeed = {
      id: o.id,
      name: o.name,
      designation: o.designation,
      department: o.department,
      p12Path: `officers/${o.id}.p12`,
      certificatePath: `officers/${o.id}.pem`,
      chainPaths: ["intermediate.pem", "root.pem"],
    };
    await fs.writeFile(path.join(dir, seed.p12Path), p12, { mode: 0o600 });
    await fs.writeFile(path.join(dir, seed.certificatePath), certificateToPem(cert));
    seeds.push(seed);
    if (o.revokedDaysAgo !== undefined) revoked.push({ certificate: cert, date: at(-o.revokedDaysAgo), reason: "keyCompromise" });
  }

  // The intermediate's CRL covers the officers and the TSA; the root's covers the intermediate.
  await fs.mkdir(path.join(dir, "crl"), { recursive: true });
  const crlValidity = { thisUpdate: at(-1), nextUpdate: at(DEV_CRL_VALIDITY_DAYS), crlNumber: 1 };
  await fs.writeFile(path.join(dir, "crl", "intermediate.crl"), issueCrl({ ...crlValidity, issuer, revoked }));
  await fs.writeFile(path.join(dir, "crl", "root.crl"), issueCrl({ ...crlValidity, issuer: { certificate: root, privateKey: rootKeys.privateKey }, revoked: [] }));
  await fs.writeFile(path.join(dir, "officers.json"), `${JSON.stringify(seeds, null, 2)}\n`);
  return { dir, officers: seeds };
}
