import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { loopbackServer, ocspAnswer, sendOcspAnswer, type LoopbackServer } from "./loopbackServer.js";
import type { TestPki } from "./testPki.js";

/** An address nothing listens on (port 1): a responder that is down. */
export const DOWN = "http://127.0.0.1:1";

export interface DevOcspResponder extends LoopbackServer {
  /** Requests seen, by path. */
  hits: Map<string, number>;
}

/**
 * The development OCSP responder for a test CA, on loopback: `openssl ocsp` over the CA's index
 * at any path (answers valid for an hour; `/stale` for one minute), the CA's CRL at `/ca.crl`,
 * and faults: `/garbage` (no OCSP response), `/huge` (80 KB), `/slow` (no answer for 3 s); with a
 * `forger` (another CA), `/forged` answers signed by its key and `/forged.crl` serves its CRL:
 * well-formed, valid for an hour, and not made by the certificate's issuer.
 */
export async function devOcspResponder(pki: TestPki, forger?: TestPki): Promise<DevOcspResponder> {
  const hits = new Map<string, number>();
  const server = await loopbackServer((req, body, res) => {
    const url = req.url ?? "";
    hits.set(url, (hits.get(url) ?? 0) + 1);
    if (url === "/ca.crl") res.end(pki.crlDer);
    else if (forger && url === "/forged.crl") res.end(forger.crlDer);
    else if (forger && url === "/forged") sendOcspAnswer(res, ocspAnswer(forger, body, 60));
    else if (url === "/garbage") res.end("<html>busy</html>");
    else if (url === "/huge") {
      res.write(Buffer.alloc(40 * 1024));
      res.end(Buffer.alloc(40 * 1024));
    } else if (url === "/slow") setTimeout(() => res.end(), 3000).unref();
    else sendOcspAnswer(res, ocspAnswer(pki, body, url === "/stale" ? 1 : 60));
  });
  return { ...server, hits };
}

/**
 * An EC leaf of the test CA naming `ocsp` (AIA) and `crl` (CDP) URLs, recorded in the CA's index
 * as `state` ("none": unknown to the responder). Returns its PEM and key files.
 */
export function ocspLeaf(pki: TestPki, name: string, serial: string, ocsp: string[], crl: string[], state: "valid" | "revoked" | "none"): { pem: string; key: string } {
  const o = (args: string[]): Buffer => execFileSync("openssl", args, { cwd: pki.dir, stdio: ["pipe", "pipe", "pipe"] });
  const ext = ["basicConstraints = CA:false", "keyUsage = critical,digitalSignature,nonRepudiation", `authorityInfoAccess = ${ocsp.map((u) => `OCSP;URI:${u}`).join(",")}`];
  if (crl.length) ext.push(`crlDistributionPoints = ${crl.map((u) => `URI:${u}`).join(",")}`);
  fs.writeFileSync(path.join(pki.dir, `${name}.ext`), `${ext.join("\n")}\n`);
  o(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}/O=mohar tests`, "-config", "ca.cnf"]);
  o(["x509", "-req", "-in", `${name}.csr`, "-CA", "root.pem", "-CAkey", "root.key", "-set_serial", serial, "-days", "30", "-out", `${name}.pem`, "-extfile", `${name}.ext`]);
  if (state !== "none") o(["ca", "-config", "ca.cnf", "-keyfile", "root.key", "-cert", "root.pem", state === "revoked" ? "-revoke" : "-valid", `${name}.pem`]);
  return { pem: path.join(pki.dir, `${name}.pem`), key: path.join(pki.dir, `${name}.key`) };
}
