import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { ByteRange } from "../../src/pdf/index.js";

const run = promisify(execFile);

/**
 * An independent signer for PDF-layer tests: a throwaway root CA and an officer certificate made
 * with the openssl CLI, and CAdES-detached CMS made by `openssl cms`, so mohar's PDF writer is
 * checked against a CMS it did not build.
 */
export interface OpensslSigner {
  dir: string;
  certPem: string;
  keyPem: string;
  rootPem: string;
  /** DER CMS (detached, SHA-256, CAdES attributes) over the ByteRange of `pdf`. */
  sign(pdf: Buffer, range: ByteRange): Promise<Buffer>;
  cleanup(): Promise<void>;
}

export async function makeOpensslSigner(cn = "Test Officer"): Promise<OpensslSigner> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-openssl-"));
  const p = (f: string): string => path.join(dir, f);
  await fs.writeFile(
    p("ext.cnf"),
    "[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n",
  );
  await run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p("root.key"), "-out", p("root.pem"), "-days", "30",
    "-subj", "/CN=Mohar Test Root/O=Mohar Tests/C=IN", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  await run("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", p("leaf.key"), "-out", p("leaf.csr"), "-subj", `/CN=${cn}/O=Mohar Tests/C=IN`]);
  await run("openssl", ["x509", "-req", "-in", p("leaf.csr"), "-CA", p("root.pem"), "-CAkey", p("root.key"), "-CAcreateserial",
    "-out", p("leaf.pem"), "-days", "30", "-extfile", p("ext.cnf"), "-extensions", "leaf"]);
  const [certPem, keyPem, rootPem] = await Promise.all([p("leaf.pem"), p("leaf.key"), p("root.pem")].map((f) => fs.readFile(f, "utf8")));
  let n = 0;
  return {
    dir,
    certPem: certPem!,
    keyPem: keyPem!,
    rootPem: rootPem!,
    async sign(pdf, [a, b, c, d]) {
      const data = p(`data-${n++}.bin`);
      await fs.writeFile(data, Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]));
      await run("openssl", ["cms", "-sign", "-binary", "-cades", "-in", data, "-outform", "DER", "-out", `${data}.p7s`, "-md", "sha256",
        "-signer", p("leaf.pem"), "-inkey", p("leaf.key"), "-certfile", p("root.pem")]);
      return fs.readFile(`${data}.p7s`);
    },
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}
