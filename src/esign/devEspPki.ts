import { createHash, webcrypto } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { certificateToPem, toPem } from "../pki/index.js";
import { issueCertificate } from "../pki/dev/index.js";
import type { EsignIdentity } from "./esignIdentity.js";

type CryptoKeyPair = webcrypto.CryptoKeyPair;

const DAY = 86_400_000;
const YEAR = 365 * DAY;
const PLACE = { country: "IN", state: "Example State" } as const;
const DEV_OU = "mohar development eSign (not an ESP licensed by CCA India)";

/** A person the development ESP's eKYC knows: a made-up Aadhaar number (never a real one) and a name. */
export interface DevResident {
  aadhaar: string;
  name: string;
  /** The dev officer this resident is, when there is one. */
  officerId?: string;
}

/** The files of the development ESP, under `<dev PKI dir>/esp/`. */
export const devEspFiles = {
  caCert: "esp/ca.pem",
  caKey: "esp/ca.key.pem",
  espCert: "esp/esp.pem",
  espKey: "esp/esp.key.pem",
  aspCert: "esp/asp.pem",
  aspKey: "esp/asp.key.pem",
  residents: "esp/residents.json",
} as const;

/** The ASP id the development ESP knows mohar by. */
export const DEV_ASP_ID = "mohar-dev-asp";

/**
 * The identifier the development ESP writes in the certificate's pseudonym: a hash of the Aadhaar
 * number, as real ESPs write a UID token and never the number.
 */
export function devUidToken(aadhaar: string): string {
  return createHash("sha256").update(`mohar-dev-esp-uid:${aadhaar}`).digest("hex").slice(0, 32).toUpperCase();
}

/** The eSign identity of a development resident, as an officer record holds it. */
export function devEsignIdentity(r: DevResident): EsignIdentity {
  return { name: r.name.toUpperCase(), idAttribute: "pseudonym", id: devUidToken(r.aadhaar) };
}

async function rsaKeys(bits = 2048): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
}

const pkcs8Pem = async (pair: CryptoKeyPair): Promise<string> => toPem(Buffer.from(await webcrypto.subtle.exportKey("pkcs8", pair.privateKey)), "PRIVATE KEY");

/**
 * Creates the development ESP's material in `dir/esp/`: its CA (kept with its key: the ESP
 * issues a certificate per transaction), the certificate it signs its XML responses with, an
 * ASP key and certificate for mohar, and the residents its eKYC knows (one per officer of
 * `officers.json`, whose seed entries get their eSign identity). Development material only.
 */
export async function generateDevEsp(dir: string, opts: { now?: Date } = {}): Promise<DevResident[]> {
  const now = opts.now ?? new Date();
  await fs.mkdir(path.join(dir, "esp"), { recursive: true });
  const write = (file: string, text: string, secret = false) => fs.writeFile(path.join(dir, file), text, secret ? { mode: 0o600 } : {});

  const caKeys = await rsaKeys(3072);
  const ca = await issueCertificate({
    subject: { ...PLACE, organization: "mohar development ESP", organizationalUnit: DEV_OU, commonName: "mohar Dev eSign CA 2026" },
    publicKey: caKeys.publicKey,
    selfSignKey: caKeys.privateKey,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 20 * YEAR),
    ca: { pathLength: 0 },
    keyUsage: ["keyCertSign", "cRLSign"],
  });
  const espKeys = await rsaKeys();
  const esp = await issueCertificate({
    subject: { ...PLACE, organization: "mohar development ESP", organizationalUnit: DEV_OU, commonName: "mohar Dev ESP response signing" },
    publicKey: espKeys.publicKey,
    issuer: { certificate: ca, privateKey: caKeys.privateKey },
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 10 * YEAR),
    keyUsage: ["digitalSignature"],
  });
  const aspKeys = await rsaKeys();
  const asp = await issueCertificate({
    subject: { ...PLACE, organization: "Government of Example State", organizationalUnit: DEV_OU, commonName: `mohar Dev ASP ${DEV_ASP_ID}` },
    publicKey: aspKeys.publicKey,
    selfSignKey: aspKeys.privateKey,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 10 * YEAR),
    keyUsage: ["digitalSignature"],
  });
  await write(devEspFiles.caCert, certificateToPem(ca));
  await write(devEspFiles.caKey, await pkcs8Pem(caKeys), true);
  await write(devEspFiles.espCert, certificateToPem(esp));
  await write(devEspFiles.espKey, await pkcs8Pem(espKeys), true);
  await write(devEspFiles.aspCert, certificateToPem(asp));
  await write(devEspFiles.aspKey, await pkcs8Pem(aspKeys), true);
  return addResidents(dir);
}

/**
 * One development resident per officer of `dir/officers.json` (Aadhaar numbers 9999 0000 00NN,
 * which UIDAI never issues), written to `esp/residents.json`, and each officer's eSign identity
 * added to its seed entry.
 */
export async function addResidents(dir: string): Promise<DevResident[]> {
  const seedFile = path.join(dir, "officers.json");
  const seeds = JSON.parse(await fs.readFile(seedFile, "utf8")) as Array<{ id: string; name: string; esign?: EsignIdentity }>;
  const residents = seeds.map((s, i): DevResident => ({ aadhaar: `99990000${String(i + 1).padStart(4, "0")}`, name: s.name, officerId: s.id }));
  // One more resident who is no officer: the ESP signs for them, mohar must refuse the certificate.
  residents.push({ aadhaar: "999900009999", name: "Ramesh Kumar" });
  const withIdentity = seeds.map((s, i) => ({ ...s, esign: devEsignIdentity(residents[i] as DevResident) }));
  await fs.writeFile(seedFile, `${JSON.stringify(withIdentity, null, 2)}\n`);
  await fs.writeFile(path.join(dir, devEspFiles.residents), `${JSON.stringify(residents, null, 2)}\n`);
  return residents;
}
