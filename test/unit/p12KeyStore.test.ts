import { createHash, verify, X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MoharError } from "../../src/errors.js";
import { P12KeyStore, signingKeyFromP12 } from "../../src/pki/index.js";

const certsDev = path.resolve("certs-dev");
const locate = async (id: string) => ({ path: path.join(certsDev, "officers", `${id}.p12`) });

describe("P12KeyStore", () => {
  it("signs with RSA (PKCS#1 v1.5) and ECDSA (DER) keys, verifiable with the certificate", async () => {
    const store = new P12KeyStore({ password: "mohar-dev", locate });
    const data = Buffer.from("signed attributes stand-in");
    for (const [id, alg] of [["anita-sharma", "RSA"], ["priya-nair", "EC"]] as const) {
      const key = await store.load(id);
      expect(key.officerId).toBe(id);
      expect(key.keyAlgorithm).toBe(alg);
      expect(key.chain).toHaveLength(2);
      expect(new X509Certificate(key.chain[0] as Buffer).checkIssued(new X509Certificate(key.certificate))).toBe(false);
      expect(new X509Certificate(key.certificate).checkIssued(new X509Certificate(key.chain[0] as Buffer))).toBe(true);
      const sig = await key.sign(data);
      const publicKey = new X509Certificate(key.certificate).publicKey;
      expect(verify("sha256", data, { key: publicKey, dsaEncoding: "der" }, sig)).toBe(true);
      if (alg === "EC") expect(sig[0]).toBe(0x30);
      else expect(sig).toHaveLength(256);
    }
  });

  it("refuses a wrong password with key.bad_password and never echoes the password", async () => {
    const store = new P12KeyStore({ password: "S3cret-Guess", locate });
    const err = await store.load("anita-sharma").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MoharError);
    expect(err).toMatchObject({ kind: "unprocessable", code: "key.bad_password" });
    expect((err as Error).message).toContain("officer anita-sharma");
    expect((err as Error).message).not.toContain("S3cret-Guess");
  });

  it("reports a missing key file as key.missing", async () => {
    const store = new P12KeyStore({ password: "mohar-dev", locate: async () => ({ path: path.join(certsDev, "nope.p12") }) });
    await expect(store.load("x")).rejects.toMatchObject({ code: "key.missing" });
  });

  it("refuses a key that does not belong to the certificate on record", async () => {
    const p12 = await fs.readFile(path.join(certsDev, "officers/anita-sharma.p12"));
    const other = new X509Certificate(await fs.readFile(path.join(certsDev, "officers/rajesh-verma.pem"))).raw;
    expect(() => signingKeyFromP12(p12, "mohar-dev", { officerId: "a", source: "test", certificate: other })).toThrow(
      expect.objectContaining({ code: "key.mismatch" }),
    );
    const own = new X509Certificate(await fs.readFile(path.join(certsDev, "officers/anita-sharma.pem"))).raw;
    const key = signingKeyFromP12(p12, "mohar-dev", { officerId: "a", source: "test", certificate: own });
    expect(createHash("sha256").update(key.certificate).digest()).toEqual(createHash("sha256").update(own).digest());
  });

  it("rejects a file that is not PKCS#12", () => {
    expect(() => signingKeyFromP12(Buffer.from("not a p12"), "mohar-dev", { officerId: "a", source: "test" })).toThrow(
      expect.objectContaining({ code: "key.bad_file" }),
    );
  });
});
