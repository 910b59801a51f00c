import { execFile } from "node:child_process";
import { verify, X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePkcs12, Pkcs11KeyStore, toPem, type Pkcs11Location } from "../../src/pki/index.js";
import { startTestServer } from "../helpers/server.js";

const run = promisify(execFile);
const softhsmModule = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"].find((p) => existsSync(p));

describe("Pkcs11KeyStore on SoftHSM2", () => {
  let dir: string;
  let env: Record<string, string>;
  const officers: Record<string, Pkcs11Location> = {};

  beforeAll(async () => {
    if (!softhsmModule) throw new Error("SoftHSM2 (softhsm2 package) is not installed");
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-softhsm-"));
    await fs.mkdir(path.join(dir, "tokens"));
    await fs.writeFile(path.join(dir, "softhsm2.conf"), `directories.tokendir = ${path.join(dir, "tokens")}\nobjectstore.backend = file\n`);
    env = { SOFTHSM2_CONF: path.join(dir, "softhsm2.conf") };
    const opts = { env: { ...process.env, ...env } };
    await run("softhsm2-util", ["--init-token", "--free", "--label", "mohar-test", "--pin", "1234", "--so-pin", "5678"], opts);
    for (const [id, keyId] of [["anita-sharma", "a1"], ["priya-nair", "b2"]] as const) {
      const contents = decodePkcs12(await fs.readFile(`certs-dev/officers/${id}.p12`), "mohar-dev", id);
      const keyFile = path.join(dir, `${id}.pem`);
      await fs.writeFile(keyFile, toPem(contents.privateKey.export({ type: "pkcs8", format: "der" }), "PRIVATE KEY"));
      await run("softhsm2-util", ["--import", keyFile, "--token", "mohar-test", "--label", id, "--id", keyId, "--pin", "1234"], opts);
      officers[id] = { tokenLabel: "mohar-test", keyId, certificate: contents.certificate, chain: contents.chain };
    }
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const store = (pin: string) =>
    new Pkcs11KeyStore({
      module: softhsmModule ?? "",
      pin,
      env,
      locate: async (id) => {
        const o = officers[id];
        if (!o) throw new Error(`no officer ${id}`);
        return o;
      },
    });

  it("signs on the token with RSA and ECDSA; Node verifies against the certificate", async () => {
    const data = Buffer.from("to be signed on the token");
    for (const id of ["anita-sharma", "priya-nair"]) {
      const key = await store("1234").load(id);
      const sig = await key.sign(data);
      const publicKey = new X509Certificate(key.certificate).publicKey;
      expect(verify("sha256", data, { key: publicKey, dsaEncoding: "der" }, sig)).toBe(true);
    }
  });

  it("maps a wrong PIN to key.bad_password without echoing it", async () => {
    const key = await store("9999").load("anita-sharma");
    const err = await key.sign(Buffer.from("x")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "key.bad_password" });
    expect((err as Error).message).not.toContain("9999");
  });

  it("reports an absent token key as key.missing", async () => {
    officers["absent"] = { ...(officers["anita-sharma"] as Pkcs11Location), keyId: "ff" };
    const key = await store("1234").load("absent");
    await expect(key.sign(Buffer.from("x"))).rejects.toMatchObject({ code: "key.missing" });
  });

  it("refuses a token key that does not match the certificate on record", async () => {
    // Anita's key on the token, Rajesh's certificate on record.
    const rajesh = new X509Certificate(await fs.readFile("certs-dev/officers/rajesh-verma.pem")).raw;
    officers["mixed"] = { tokenLabel: "mohar-test", keyId: "a1", certificate: rajesh, chain: [] };
    const key = await store("1234").load("mixed");
    await expect(key.sign(Buffer.from("x"))).rejects.toMatchObject({ code: "key.mismatch" });
  });

  it("registers a token-backed officer over HTTP and signs through the service keystore", async () => {
    process.env.SOFTHSM2_CONF = env.SOFTHSM2_CONF;
    const srv = await startTestServer({ PKCS11_MODULE: softhsmModule ?? "", PKCS11_PIN: "1234", OFFICERS_SEED: "" });
    try {
      const priya = officers["priya-nair"] as Pkcs11Location;
      const body = {
        id: "priya-token",
        name: "Priya Nair",
        designation: "Joint Secretary",
        department: "Finance Department",
        certificatePem: toPem(priya.certificate, "CERTIFICATE"),
        chainPem: priya.chain.map((c) => toPem(c, "CERTIFICATE")).join(""),
        pkcs11: { tokenLabel: "mohar-test", keyId: "b2" },
      };
      const res = await srv.request("/v1/officers", { method: "POST", as: "admin", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(res.status).toBe(201);
      const wrongKey = await srv.request("/v1/officers", {
        method: "POST",
        as: "admin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...body, id: "priya-wrong", pkcs11: { tokenLabel: "mohar-test", keyId: "a1" } }),
      });
      // Her certificate is priya-token's now: no second officer may hold it, whatever key it names.
      expect([wrongKey.status, ((await wrongKey.json()) as { code: string }).code]).toEqual([409, "officer.certificate_taken"]);
      const rajesh = await fs.readFile("certs-dev/officers/rajesh-verma.pem", "utf8");
      const mismatched = await srv.request("/v1/officers", {
        method: "POST",
        as: "admin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...body, id: "rajesh-token", certificatePem: rajesh, chainPem: undefined, pkcs11: { tokenLabel: "mohar-test", keyId: "a1" } }),
      });
      expect([mismatched.status, ((await mismatched.json()) as { code: string }).code]).toEqual([422, "key.mismatch"]);

      const key = await srv.running.services.keyStore.load("priya-token");
      expect(key.chain).toHaveLength(2);
      const data = Buffer.from("token signature through the registry");
      expect(verify("sha256", data, { key: new X509Certificate(key.certificate).publicKey, dsaEncoding: "der" }, await key.sign(data))).toBe(true);
    } finally {
      await srv.close();
    }
  });
});
