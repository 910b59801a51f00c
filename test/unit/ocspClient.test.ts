import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRevocation, fetchOcsp, LiveRevocation, type FetchLimits } from "../../src/pki/index.js";
import { loopbackServer, ocspAnswer, sendOcspAnswer, type LoopbackServer } from "../helpers/loopbackServer.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";

const limits: FetchLimits = { timeoutMs: 2000, maxBytes: 64 * 1024, loopbackOnly: true };
/** OCSPResponse with responseStatus tryLater (3) and no body. */
const TRY_LATER = Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x03]);

let pki: TestPki;
let responder: LoopbackServer;
let base: string;


beforeAll(async () => {
  pki = makeTestPki();
  responder = await loopbackServer((req, body, res) => {
    if (req.url === "/ca.crl") res.end(pki.crlDer);
    else if (req.url === "/garbage") res.end("<html>busy</html>");
    else if (req.url === "/trylater") res.end(TRY_LATER);
    // `/stale` answers valid for one minute.
    else sendOcspAnswer(res, ocspAnswer(pki, body, req.url === "/stale" ? 1 : 60));
  });
  base = responder.base;
});
afterAll(async () => {
  await responder.close();
  pki.cleanup();
});

const x509 = (file: string): X509Certificate => new X509Certificate(fs.readFileSync(file));

async function statusOf(url: string, certFile: string, at = new Date()): Promise<string> {
  const cert = x509(certFile);
  const root = x509(pki.rootPem);
  const got = await fetchOcsp(url, Buffer.from(cert.raw), Buffer.from(root.raw), limits);
  if (!got.ok) return got.fault;
  const check = checkRevocation(cert, root, [], [{ der: got.value, source: "fetched" }], at);
  return `${check.status} ${check.source ?? "-"}`;
}

describe("fetchOcsp", () => {
  it("asks the certificate's responder and the answer is judged like embedded data", async () => {
    expect(await statusOf(`${base}/ocsp`, pki.signerPem)).toBe("good ocsp:fetched");
    expect(await statusOf(`${base}/ocsp`, pki.revokedPem)).toBe("revoked ocsp:fetched");
  });

  it("a stale answer speaks for no later time", async () => {
    expect(await statusOf(`${base}/ocsp`, pki.signerPem, new Date(Date.now() + 10 * 60_000))).toBe("good ocsp:fetched");
    expect(await statusOf(`${base}/stale`, pki.signerPem, new Date(Date.now() + 10 * 60_000))).toBe("no_data -");
  });

  it("a responder that is down, refuses, or answers garbage gives a fault, not an exception", async () => {
    expect(await statusOf("http://127.0.0.1:1/ocsp", pki.signerPem)).toBe("unreachable");
    expect(await statusOf(`${base}/garbage`, pki.signerPem)).toBe("garbage");
    expect(await statusOf(`${base}/trylater`, pki.signerPem)).toBe("http_error");
    expect(await statusOf("http://ocsp.example.invalid/", pki.signerPem)).toBe("refused_host");
  });
});

/** A leaf of the test CA whose AIA and CDP name `ocsp` and `crl`, recorded in the CA's index as valid. */
function leafWithUrls(name: string, serial: string, ocsp: string, crl: string): string {
  const dir = pki.dir;
  fs.writeFileSync(path.join(dir, `${name}.ext`), [`authorityInfoAccess = OCSP;URI:${ocsp}`, `crlDistributionPoints = URI:${crl}`, "basicConstraints = CA:false", ""].join("\n"));
  const o = (args: string[]): Buffer => execFileSync("openssl", args, { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
  o(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}/O=mohar tests`, "-config", "ca.cnf"]);
  o(["x509", "-req", "-in", `${name}.csr`, "-CA", "root.pem", "-CAkey", "root.key", "-set_serial", serial, "-days", "30", "-out", `${name}.pem`, "-extfile", `${name}.ext`]);
  o(["ca", "-config", "ca.cnf", "-keyfile", "root.key", "-cert", "root.pem", "-valid", `${name}.pem`]);
  return path.join(dir, `${name}.pem`);
}

describe("LiveRevocation", () => {
  it("asks a chain's OCSP responders, falls back to the CRL when none answers, and records every attempt", async () => {
    const viaOcsp = leafWithUrls("viaocsp", "0x6001", `${base}/ocsp`, `${base}/ca.crl`);
    const viaCrl = leafWithUrls("viacrl", "0x6002", "http://127.0.0.1:1/ocsp", `${base}/ca.crl`);
    const root = x509(pki.rootPem);
    const live = new LiveRevocation(limits);

    const a = await live.forChain([Buffer.from(x509(viaOcsp).raw), Buffer.from(root.raw)]);
    expect(a.attempts.map((t) => `${t.kind} ${t.outcome}`)).toEqual(["ocsp fetched"]);
    expect(checkRevocation(x509(viaOcsp), root, a.crls, a.ocsps, new Date())).toMatchObject({ status: "good", source: "ocsp:fetched" });

    const b = await live.forChain([Buffer.from(x509(viaCrl).raw), Buffer.from(root.raw)]);
    expect(b.attempts.map((t) => `${t.kind} ${t.outcome}`)).toEqual(["ocsp unreachable", "crl fetched"]);
    expect(b.ocsps).toEqual([]);
    expect(checkRevocation(x509(viaCrl), root, b.crls, b.ocsps, new Date())).toMatchObject({ status: "good", source: "crl:fetched" });
  });
});
