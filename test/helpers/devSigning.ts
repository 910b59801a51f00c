import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { signingKeyFromP12, type SigningKey } from "../../src/pki/index.js";
import { createDevTsa, type DevTsa } from "../../src/pki/dev/index.js";
import type { SignerIdentity } from "../../src/signing/index.js";

export const certsDev = path.resolve("certs-dev");
export const DEV_P12_PASSWORD = "mohar-dev";

export interface DevOfficer {
  identity: SignerIdentity;
  p12: string;
  certPem: string;
}

interface OfficerEntry {
  id: string;
  name: string;
  designation: string;
  p12Path: string;
  certificatePath: string;
}

/** An officer from certs-dev/officers.json. */
export async function devOfficer(id: string): Promise<DevOfficer> {
  const entries = JSON.parse(await fs.readFile(path.join(certsDev, "officers.json"), "utf8")) as OfficerEntry[];
  const o = entries.find((e) => e.id === id);
  if (!o) throw new Error(`no dev officer ${id}`);
  return {
    identity: { officerId: o.id, name: o.name, designation: o.designation },
    p12: path.join(certsDev, o.p12Path),
    certPem: await fs.readFile(path.join(certsDev, o.certificatePath), "utf8"),
  };
}

export async function devKey(o: DevOfficer): Promise<SigningKey> {
  return signingKeyFromP12(await fs.readFile(o.p12), DEV_P12_PASSWORD, { officerId: o.identity.officerId, source: o.p12 });
}

/** The dev TSA (or `given`) behind a loopback HTTP server, as an RFC 3161 client sees a real one. */
export async function serveDevTsa(given?: DevTsa): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  const read = (f: string): Promise<string> => fs.readFile(path.join(certsDev, f), "utf8");
  const tsa = given ?? createDevTsa({ certPem: await read("tsa.pem"), keyPem: await read("tsa.key.pem"), chainPem: await read("intermediate.pem") });
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      count++;
      void tsa.respond(Buffer.concat(chunks)).then((reply) => {
        res.writeHead(200, { "content-type": "application/timestamp-reply" }).end(reply);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The /Contents CMS of the newest signature (the last ByteRange in the file). */
export function lastSignatureCms(pdf: Buffer): Buffer {
  const at = pdf.lastIndexOf("/ByteRange [", pdf.length, "latin1");
  const m = /^\/ByteRange \[(\d+) (\d+) (\d+) (\d+)/.exec(pdf.toString("latin1", at, at + 60));
  if (!m) throw new Error("no ByteRange");
  const padded = Buffer.from(pdf.toString("latin1", Number(m[2]) + 1, Number(m[3]) - 1), "hex");
  // The DER length header says where the CMS ends and the zero padding begins.
  const lenOfLen = padded[1]! & 0x80 ? padded[1]! & 0x7f : 0;
  const len = lenOfLen ? padded.readUIntBE(2, lenOfLen) : padded[1]!;
  return padded.subarray(0, 2 + lenOfLen + len);
}
