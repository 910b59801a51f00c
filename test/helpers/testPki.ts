import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A throwaway CA, signer and CRL made with openssl for verification tests. */
export interface TestPki {
  dir: string;
  rootPem: string;
  signerPem: string;
  signerKey: string;
  /** DER CRL from the root, listing the revoked signer only. */
  crlDer: Buffer;
  /** A second signer whose certificate the CRL lists as revoked. */
  revokedPem: string;
  revokedKey: string;
  /** An ECDSA P-256 signer issued by the same root. */
  ecPem: string;
  ecKey: string;
  /** A signer under an intermediate CA that the root's CRL lists as revoked. */
  underRevokedCaPem: string;
  underRevokedCaKey: string;
  revokedCaPem: string;
  /** DER OCSP response from the root saying the signer certificate is good. */
  ocspGoodDer: Buffer;
  /** An RFC 3161 token (DER ContentInfo) over `data` from the test TSA. */
  timestampToken(data: Buffer): Buffer;
  cleanup(): void;
}

function openssl(dir: string, args: string[], input?: string): void {
  execFileSync("openssl", args, { cwd: dir, input, stdio: ["pipe", "pipe", "pipe"] });
}

/**
 * A throwaway PKI for a test file: a copy of one made by openssl (generateInto) and kept in the
 * temp dir. Making one runs openssl about twenty times, six RSA-2048 keys among them: 2 s of CPU
 * (far more wall time on a loaded machine, and synchronously), in some two dozen files; copying it
 * a few milliseconds. Each call gets its own directory (tests write into it: timestamp requests,
 * openssl runs of their own), so nothing one file does reaches another. `pki` 1, 2, ... is a
 * different PKI with keys of its own (a rogue TSA, a forger's OCSP responder), made and kept the
 * same way. The kept ones are made again each UTC day (the OCSP response they hold is valid for
 * 30 days; those of days before yesterday are then removed) and whenever this file changes.
 */
export function makeTestPki(pki = 0): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-pki-"));
  execFileSync("cp", ["-a", `${keptPki(pki)}/.`, dir]);
  return testPkiIn(dir);
}

function keptPki(pki: number): string {
  const tag = createHash("sha256").update(fs.readFileSync(new URL(import.meta.url))).digest("hex").slice(0, 12);
  const kept = path.join(os.tmpdir(), `mohar-pki-template-${tag}-${day(0)}-${pki}`);
  if (fs.existsSync(path.join(kept, "crl.der"))) return kept;
  // Made beside and renamed into place: a test file running at the same time sees a whole one or makes its own.
  const building = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-pki-building-"));
  generateInto(building);
  try {
    fs.renameSync(building, kept);
    dropEarlierDays(tag, pki);
  } catch {
    fs.rmSync(building, { recursive: true, force: true });
  }
  return kept;
}

/** The UTC date `back` days ago, as the kept directories' names hold it. */
const day = (back: number): string => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);

/**
 * Removes this file version's kept PKI `pki` of days before yesterday (best effort): one a day
 * piled up in the temp dir. Yesterday's stays: a test file started before midnight may be copying it.
 */
function dropEarlierDays(tag: string, pki: number): void {
  const keep = new Set([day(0), day(1)]);
  const name = /^mohar-pki-template-([0-9a-f]{12})-(\d{4}-\d{2}-\d{2})-(\d+)$/;
  try {
    for (const entry of fs.readdirSync(os.tmpdir())) {
      const m = name.exec(entry);
      if (m && m[1] === tag && Number(m[3]) === pki && !keep.has(m[2]!)) fs.rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
    }
  } catch {
    // Another test file removing the same ones, or a temp dir we may not list: left for next time.
  }
}

function generateInto(dir: string): void {
  fs.writeFileSync(
    path.join(dir, "ca.cnf"),
    [
      "[ca]", "default_ca = CA", "[CA]", "database = index.txt", "default_md = sha256", "default_crl_days = 3650",
      "[root_ext]", "basicConstraints = critical,CA:true", "keyUsage = critical,keyCertSign,cRLSign", "subjectKeyIdentifier = hash",
      "[leaf_ext]", "basicConstraints = CA:false", "keyUsage = critical,digitalSignature,nonRepudiation",
      "certificatePolicies = 2.16.356.100.2.3", "subjectKeyIdentifier = hash", "authorityKeyIdentifier = keyid",
      "[ca_ext]", "basicConstraints = critical,CA:true", "keyUsage = critical,keyCertSign,cRLSign", "subjectKeyIdentifier = hash", "authorityKeyIdentifier = keyid",
      "[tsa_ext]", "basicConstraints = CA:false", "keyUsage = critical,digitalSignature", "extendedKeyUsage = critical,timeStamping",
      "[tsa]", "default_tsa = tsa1", "[tsa1]", "serial = tsaserial", "signer_cert = tsa.pem", "signer_key = tsa.key", "certs = tsa.pem",
      "signer_digest = sha256", "default_policy = 1.2.3.4.1", "digests = sha256", "ess_cert_id_alg = sha256",
      "[req]", "distinguished_name = dn", "[dn]", "",
    ].join("\n"),
  );
  fs.writeFileSync(path.join(dir, "index.txt"), "");
  openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem", "-days", "3650",
    "-subj", "/CN=mohar test root/O=mohar tests", "-config", "ca.cnf", "-extensions", "root_ext", "-set_serial", "1"]);
  const leaf = (name: string, serial: string, ext = "leaf_ext", key = ["-newkey", "rsa:2048"], ca = "root"): void => {
    openssl(dir, ["req", ...key, "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}/O=mohar tests`, "-config", "ca.cnf"]);
    openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.pem`, "-CAkey", `${ca}.key`, "-set_serial", serial, "-days", "3650",
      "-out", `${name}.pem`, "-extfile", "ca.cnf", "-extensions", ext]);
  };
  leaf("officer", "4097");
  leaf("revoked", "4098");
  leaf("tsa", "4099", "tsa_ext");
  leaf("ecofficer", "0x409a", "leaf_ext", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]);
  openssl(dir, ["ca", "-config", "ca.cnf", "-keyfile", "root.key", "-cert", "root.pem", "-valid", "officer.pem"]);
  openssl(dir, ["ocsp", "-issuer", "root.pem", "-cert", "officer.pem", "-no_nonce", "-reqout", "ocsp.req"]);
  openssl(dir, ["ocsp", "-index", "index.txt", "-rsigner", "root.pem", "-rkey", "root.key", "-CA", "root.pem", "-reqin", "ocsp.req", "-respout", "ocsp.der", "-ndays", "30"]);
  fs.writeFileSync(path.join(dir, "tsaserial"), "01\n");
  leaf("badca", "0x5000", "ca_ext");
  leaf("underbadca", "0x5001", "leaf_ext", ["-newkey", "rsa:2048"], "badca");
  openssl(dir, ["ca", "-config", "ca.cnf", "-keyfile", "root.key", "-cert", "root.pem", "-revoke", "revoked.pem", "-crl_reason", "keyCompromise"]);
  openssl(dir, ["ca", "-config", "ca.cnf", "-keyfile", "root.key", "-cert", "root.pem", "-revoke", "badca.pem", "-crl_reason", "cACompromise"]);
  openssl(dir, ["ca", "-config", "ca.cnf", "-keyfile", "root.key", "-cert", "root.pem", "-gencrl", "-out", "crl.pem"]);
  openssl(dir, ["crl", "-in", "crl.pem", "-outform", "DER", "-out", "crl.der"]);
}

function testPkiIn(dir: string): TestPki {
  return {
    dir,
    rootPem: path.join(dir, "root.pem"),
    signerPem: path.join(dir, "officer.pem"),
    signerKey: path.join(dir, "officer.key"),
    revokedPem: path.join(dir, "revoked.pem"),
    revokedKey: path.join(dir, "revoked.key"),
    crlDer: fs.readFileSync(path.join(dir, "crl.der")),
    underRevokedCaPem: path.join(dir, "underbadca.pem"),
    underRevokedCaKey: path.join(dir, "underbadca.key"),
    revokedCaPem: path.join(dir, "badca.pem"),
    ecPem: path.join(dir, "ecofficer.pem"),
    ecKey: path.join(dir, "ecofficer.key"),
    ocspGoodDer: fs.readFileSync(path.join(dir, "ocsp.der")),
    timestampToken(data: Buffer): Buffer {
      const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      fs.writeFileSync(path.join(dir, `${stamp}.bin`), data);
      openssl(dir, ["ts", "-query", "-data", `${stamp}.bin`, "-sha256", "-cert", "-no_nonce", "-out", `${stamp}.tsq`]);
      openssl(dir, ["ts", "-reply", "-queryfile", `${stamp}.tsq`, "-config", "ca.cnf", "-section", "tsa1", "-token_out", "-out", `${stamp}.tok`]);
      return fs.readFileSync(path.join(dir, `${stamp}.tok`));
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
