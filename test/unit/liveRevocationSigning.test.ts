import { execFileSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDss, readPdfStructure } from "../../src/pdf/index.js";
import { LiveRevocation, signingKeyFromKeyObject } from "../../src/pki/index.js";
import { signDocument } from "../../src/signing/index.js";
import { makePdf } from "../helpers/samplePdfs.js";
import { loopbackServer, ocspAnswer, sendOcspAnswer, type LoopbackServer } from "../helpers/loopbackServer.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";

let pki: TestPki;
let responder: LoopbackServer;
let base: string;

beforeAll(async () => {
  pki = makeTestPki();
  // An OCSP responder on loopback answering from the test CA's index with openssl.
  responder = await loopbackServer((_req, body, res) => sendOcspAnswer(res, ocspAnswer(pki, body)));
  base = responder.base;
});
afterAll(async () => {
  await responder.close();
  pki.cleanup();
});

/** A leaf of the test CA whose AIA names the loopback responder; recorded valid, or revoked. */
function leaf(name: string, serial: string, revoked: boolean): { certificate: Buffer; keyFile: string } {
  const o = (args: string[]): Buffer => execFileSync("openssl", args, { cwd: pki.dir, stdio: ["pipe", "pipe", "pipe"] });
  fs.writeFileSync(path.join(pki.dir, `${name}.ext`), `authorityInfoAccess = OCSP;URI:${base}/ocsp\nbasicConstraints = CA:false\nkeyUsage = critical,nonRepudiation\n`);
  o(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}/O=mohar tests`, "-config", "ca.cnf"]);
  o(["x509", "-req", "-in", `${name}.csr`, "-CA", "root.pem", "-CAkey", "root.key", "-set_serial", serial, "-days", "30", "-out", `${name}.pem`, "-extfile", `${name}.ext`]);
  o(["ca", "-config", "ca.cnf", "-keyfile", "root.key", "-cert", "root.pem", revoked ? "-revoke" : "-valid", `${name}.pem`]);
  return { certificate: Buffer.from(new X509Certificate(fs.readFileSync(path.join(pki.dir, `${name}.pem`))).raw), keyFile: path.join(pki.dir, `${name}.key`) };
}

async function sign(l: { certificate: Buffer; keyFile: string }): Promise<Buffer> {
  const root = Buffer.from(new X509Certificate(fs.readFileSync(pki.rootPem)).raw);
  const key = signingKeyFromKeyObject({ officerId: "o1", privateKey: createPrivateKey(fs.readFileSync(l.keyFile)), certificate: l.certificate, chain: [root] });
  const live = new LiveRevocation({ timeoutMs: 2000, maxBytes: 64 * 1024, loopbackOnly: true });
  const signed = await signDocument({ pdf: await makePdf(), key, officer: { officerId: "o1", name: "Test Officer" }, liveRevocation: live });
  return signed.pdf;
}

describe("signing with live revocation", () => {
  it("embeds the OCSP answer the signer's responder gave in the /DSS", async () => {
    const pdf = await sign(leaf("livegood", "0x7001", false));
    const revs = readPdfStructure(pdf).revisions;
    const dss = readDss(revs[revs.length - 1]!);
    expect(dss.ocsps).toHaveLength(1);
  });

  it("refuses a signer its responder says is revoked", async () => {
    await expect(sign(leaf("liverevoked", "0x7002", true))).rejects.toMatchObject({ code: "cert.revoked" });
  });
});
