/** PEM <-> DER for certificates and keys. */

export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** Every block with the given label, in order (a PEM file may hold a whole chain). */
export function pemBlocks(pem: string, label: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+?)-----END ${label}-----`, "g");
  return [...pem.matchAll(re)].map((m) => Buffer.from((m[1] ?? "").replace(/\s+/g, ""), "base64"));
}

export function certificateToPem(der: Uint8Array): string {
  return toPem(der, "CERTIFICATE");
}
