import { X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { EsignConfig } from "./esignConfig.js";
import { DEV_ASP_ID, DevEsp, EsignService, type DevResident, type EsignSettings } from "./esign/index.js";
import { pemBlocks } from "./pki/index.js";
import type { ObjectStore } from "./store/index.js";
import type { SigningSessionStore } from "./signing/index.js";

/** eSign as the service runs it: the ASP (built once the service knows its own URL) and the development ESP. */
export interface EsignSetup {
  /** null until the service listens, when espUrl or responseUrl is its own. */
  service(): EsignService | null;
  devEsp: DevEsp | null;
  /** The ESP CAs: trusted for verification too when the ESP is the development one (its CA is under no configured root). */
  espCas: X509Certificate[];
}

async function readText(file: string, setting: string): Promise<string> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (err) {
    throw new Error(`${setting}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? "error"}); run \`mohar dev-certs\`, set the file, or ESIGN_ESP_URL= to turn eSign off`, { cause: err });
  }
}

/** Reads the ASP's key and the ESP's certificates, and starts the development ESP when DEV_ESP is on. */
export async function loadEsign(c: EsignConfig, store: ObjectStore, sessions: SigningSessionStore, selfUrl: () => string | null, now?: () => Date): Promise<EsignSetup> {
  const [aspKeyPem, aspCertificatePem, espCertPem, espCaPem] = await Promise.all([
    readText(c.aspKeyPath, "ESIGN_ASP_KEY_FILE"),
    readText(c.aspCertPath, "ESIGN_ASP_CERT_FILE"),
    readText(c.espCertPath, "ESIGN_ESP_CERT_FILE"),
    readText(c.espCaPath, "ESIGN_ESP_CA_FILE"),
  ]);
  const espCas = pemBlocks(espCaPem, "CERTIFICATE").map((der) => new X509Certificate(der));
  if (espCas.length === 0) throw new Error(`ESIGN_ESP_CA_FILE: ${c.espCaPath} holds no PEM certificate`);
  let devEsp: DevEsp | null = null;
  if (c.devEsp) {
    const dir = c.devEsp.dir;
    const [caKeyPem, espKeyPem, residents] = await Promise.all([
      readText(path.join(dir, "ca.key.pem"), "DEV_ESP"),
      readText(path.join(dir, "esp.key.pem"), "DEV_ESP"),
      readText(path.join(dir, "residents.json"), "DEV_ESP"),
    ]);
    devEsp = new DevEsp({
      caCertPem: await readText(path.join(dir, "ca.pem"), "DEV_ESP"),
      caKeyPem,
      espCertPem: await readText(path.join(dir, "esp.pem"), "DEV_ESP"),
      espKeyPem,
      asps: [{ aspId: DEV_ASP_ID, certificatePem: await readText(path.join(dir, "asp.pem"), "DEV_ESP") }],
      residents: JSON.parse(residents) as DevResident[],
      now,
    });
  }
  let built: EsignService | null = null;
  const service = (): EsignService | null => {
    if (built) return built;
    const self = selfUrl();
    if (!self && (c.espUrl === "self" || c.responseUrl === null)) return null;
    const settings: EsignSettings = {
      aspId: c.aspId,
      aspKeyPem,
      aspCertificatePem,
      espUrl: c.espUrl === "self" ? `${self}/v1/dev/esp/signdoc` : c.espUrl,
      espCertificate: new X509Certificate(espCertPem),
      espCas,
      responseUrl: c.responseUrl ?? `${self}/v1/esign/response`,
      authMode: c.authMode,
      ttlMs: c.timeoutMs,
      maxDocuments: c.maxDocuments,
      now,
    };
    built = new EsignService(settings, store, sessions);
    return built;
  };
  return { service, devEsp, espCas };
}
