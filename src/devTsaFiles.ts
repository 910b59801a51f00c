import fs from "node:fs/promises";
import type { Config } from "./config.js";
import { createDevTsa, type DevTsa } from "./pki/dev/index.js";

export type { DevTsa };

/** The development TSA from its files (DEV_TSA), for the service and for `mohar ltv`. */
export async function loadDevTsa(files: NonNullable<Config["pki"]["devTsa"]>): Promise<DevTsa> {
  let certPem, keyPem, chainPem;
  try {
    [certPem, keyPem, chainPem] = await Promise.all([files.certPath, files.keyPath, files.chainPath].map((f) => fs.readFile(f, "utf8")));
  } catch (err) {
    throw new Error(`DEV_TSA is on but its certificate and key cannot be read (${(err as Error).message}); run \`mohar dev-certs\` or set DEV_TSA=false`, { cause: err });
  }
  return createDevTsa({ certPem: certPem as string, keyPem: keyPem as string, chainPem });
}
