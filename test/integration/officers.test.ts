import { execFileSync } from "node:child_process";
import { verify, X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OfficerRegistry } from "../../src/officers/index.js";
import { openTestDatabase } from "../helpers/testDatabase.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const certsDev = path.resolve("certs-dev");
const pem = (id: string): Promise<string> => fs.readFile(path.join(certsDev, "officers", `${id}.pem`), "utf8");
const json = (body: unknown): RequestInit & { as: "admin" } => ({ method: "POST", as: "admin", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

interface PublicOfficerBody {
  id: string;
  name: string;
  designation: string;
  department: string;
  certificate: { subject: string; serialHex: string; notBefore: string; notAfter: string };
}

describe("officer registry over HTTP", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  it("seeds the dev officers and lists public fields only", async () => {
    const res = await srv.request("/v1/officers", { as: "clerk" });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as { officers: PublicOfficerBody[] };
    expect(body.officers.map((o) => o.id)).toEqual(["anita-sharma", "expired-officer", "future-officer", "no-signing-usage", "priya-nair", "rajesh-verma", "revoked-officer"]);
    const anita = body.officers[0] as PublicOfficerBody;
    expect(anita).toMatchObject({ name: "Anita Sharma", designation: "Deputy Secretary", department: "Revenue Department" });
    expect(anita.certificate.subject).toContain("CN=ANITA SHARMA");
    expect(Date.parse(anita.certificate.notAfter)).toBeGreaterThan(Date.now());
    expect(text).not.toMatch(/p12|"path"|"key"|mohar-dev/);
  });

  it("shows one officer, and 404s unknown or malformed ids", async () => {
    const res = await srv.request("/v1/officers/priya-nair", { as: "clerk" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as PublicOfficerBody).certificate.serialHex).toMatch(/^[0-9a-f]+$/);
    for (const id of ["nobody", "..%2Fetc", "UPPER"]) {
      const r = await srv.request(`/v1/officers/${id}`, { as: "clerk" });
      expect(r.status).toBe(404);
      expect(((await r.json()) as { code: string }).code).toBe("officer.not_found");
    }
  });

  it("refuses a second officer with another officer's certificate (it would sign as them)", async () => {
    const rogue = { id: "anita-2", name: "Anita Sharma", designation: "Secretary", department: "Revenue Department", certificatePem: await pem("anita-sharma"), p12File: "anita-sharma.p12" };
    const res = await srv.request("/v1/officers", json(rogue));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("officer.certificate_taken");
    expect((await srv.request("/v1/officers/anita-2", { as: "clerk" })).status).toBe(404);
  });

  it("opens officers' keys through the service keystore, with Node crypto signatures", async () => {
    const ks = srv.running.services.keyStore;
    const key = await ks.load("priya-nair");
    expect(await ks.load("priya-nair")).toBe(key);
    const data = Buffer.from("hello");
    expect(verify("sha256", data, { key: new X509Certificate(key.certificate).publicKey, dsaEncoding: "der" }, await key.sign(data))).toBe(true);
    await expect(ks.load("nobody")).rejects.toMatchObject({ code: "officer.not_found" });
  });
});

describe("officer registry with a wrong key password", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ OFFICER_KEY_PASSWORD: "Wrong-Pass-9", OFFICERS_SEED: "" });
  });
  afterAll(async () => {
    await srv.close();
  });

  it("refuses registration with key.bad_password and never reveals the password", async () => {
    const res = await srv.request("/v1/officers", json({ id: "a", name: "A", designation: "B", department: "C", certificatePem: await pem("anita-sharma"), p12File: "anita-sharma.p12" }));
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code: "key.bad_password" });
    expect(text).not.toContain("Wrong-Pass-9");
    expect(((await (await srv.request("/v1/officers", { as: "clerk" })).json()) as { officers: unknown[] }).officers).toEqual([]);
  });
});

describe("officer registration on an empty registry", () => {
  let srv: TestServer;
  let keyDir: string;
  beforeAll(async () => {
    keyDir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-keys-"));
    for (const id of ["anita-sharma", "rajesh-verma"]) await fs.copyFile(path.join(certsDev, "officers", `${id}.p12`), path.join(keyDir, `${id}.p12`));
    execFileSync("mkfifo", [path.join(keyDir, "fifo.p12")]);
    await fs.symlink("/dev/zero", path.join(keyDir, "zero.p12"));
    srv = await startTestServer({ OFFICERS_SEED: "", OFFICER_KEY_DIR: keyDir });
  });
  afterAll(async () => {
    await srv.close();
    await fs.rm(keyDir, { recursive: true, force: true });
  });

  it("registers an officer whose PKCS#12 (named in OFFICER_KEY_DIR) opens and matches, once", async () => {
    const body = { id: "anita-sharma", name: "Anita Sharma", designation: "Secretary", department: "Revenue Department", certificatePem: await pem("anita-sharma"), p12File: "anita-sharma.p12" };
    const res = await srv.request("/v1/officers", json(body));
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/v1/officers/anita-sharma");
    expect(JSON.stringify(await res.json())).not.toContain("p12");
    const again = await srv.request("/v1/officers", json(body));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe("officer.exists");
  });

  it("never opens a FIFO or a device as a key, and answers at once", async () => {
    for (const p12File of ["fifo.p12", "zero.p12"]) {
      const started = Date.now();
      const res = await srv.request("/v1/officers", json({ id: `x-${p12File.split(".")[0]}`, name: "X", designation: "Y", department: "Z", certificatePem: await pem("rajesh-verma"), p12File }));
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([422, "key.bad_file"]);
      expect(Date.now() - started).toBeLessThan(2000);
    }
    expect((await srv.request("/healthz")).status).toBe(200);
  });

  it("refuses bad registrations with clear 4xx", async () => {
    const base = { name: "X", designation: "Y", department: "Z", certificatePem: await pem("rajesh-verma"), p12File: "anita-sharma.p12" };
    const cases: Array<[unknown, number, string]> = [
      [{ ...base, id: "mismatch" }, 422, "key.mismatch"],
      [{ ...base, id: "missing", p12File: "nonexistent.p12" }, 422, "key.missing"],
      [{ ...base, id: "traversal", p12File: "../officers/anita-sharma.p12" }, 400, "officer.invalid"],
      [{ ...base, id: "serverpath", p12File: undefined, p12Path: path.join(certsDev, "officers/anita-sharma.p12") }, 400, "officer.invalid"],
      [{ ...base, id: "badcert", certificatePem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" }, 400, "cert.invalid"],
      [{ ...base, id: "nocert", certificatePem: "hello" }, 400, "officer.bad_certificate"],
      [{ ...base, id: "Bad Id" }, 400, "officer.invalid"],
      [{ id: "x" }, 400, "officer.invalid"],
      [{ ...base, id: "both", pkcs11: { tokenLabel: "t", keyId: "01" } }, 400, "officer.invalid"],
    ];
    for (const [body, status, code] of cases) {
      const res = await srv.request("/v1/officers", json(body));
      const problem = (await res.json()) as { code: string; detail: string };
      expect([res.status, problem.code], JSON.stringify(body).slice(0, 60)).toEqual([status, code]);
      expect(problem.detail.length).toBeGreaterThan(10);
    }
    const notJson = await srv.request("/v1/officers", { method: "POST", as: "admin", headers: { "content-type": "text/plain" }, body: "hi" });
    expect(notJson.status).toBe(400);
    expect((await srv.request("/v1/officers/mismatch", { as: "clerk" })).status).toBe(404);
  });

  it("lets only one of two registrations racing for one certificate win", async () => {
    const race = (id: string) => srv.request("/v1/officers", json({ id, name: "R", designation: "D", department: "E", certificatePem: rajeshPem, p12File: "rajesh-verma.p12" }));
    const rajeshPem = await pem("rajesh-verma");
    const results = await Promise.all([race("rajesh-a"), race("rajesh-b")]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});

describe("API keys over HTTP (admin)", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  it("creates a key that works at once, lists it without secrets, and revokes it", async () => {
    const created = await srv.request("/v1/keys", json({ role: "officer", name: "प्रिया नायर", officerId: "priya-nair" }));
    expect(created.status).toBe(201);
    const { key, record } = (await created.json()) as { key: string; record: { keyId: string; role: string; officerId: string; revoked: boolean } };
    expect(record).toMatchObject({ role: "officer", officerId: "priya-nair", revoked: false });
    expect(key).toContain(record.keyId);
    expect((await srv.request("/v1/officers", { key })).status).toBe(200);

    const listed = await srv.request("/v1/keys", { as: "admin" });
    const text = await listed.text();
    expect(text).not.toContain(key.slice(-43));
    expect(text).not.toContain("secretSha256");
    expect((JSON.parse(text) as { keys: { keyId: string }[] }).keys.map((k) => k.keyId)).toContain(record.keyId);

    const revoked = await srv.request(`/v1/keys/${record.keyId}/revoke`, { method: "POST", as: "admin" });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ keyId: record.keyId, revoked: true });
    expect((await srv.request("/v1/officers", { key })).status).toBe(401);
  });

  it("refuses bad requests with clear 4xx: no name, an unknown officer, an unknown key, a non-admin", async () => {
    const noName = await srv.request("/v1/keys", json({ role: "clerk", name: " " }));
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as { code: string }).code).toBe("auth.bad_key_request");
    const unknownOfficer = await srv.request("/v1/keys", json({ role: "officer", name: "x", officerId: "nobody-here" }));
    expect(unknownOfficer.status).toBe(404);
    expect((await srv.request("/v1/keys/0123456789abcdef/revoke", { method: "POST", as: "admin" })).status).toBe(404);
    expect((await srv.request("/v1/keys/not-a-key/revoke", { method: "POST", as: "admin" })).status).toBe(404);
    expect((await srv.request("/v1/keys", { as: "auditor" })).status).toBe(403);
  });
});

describe("OfficerRegistry.seedFrom", () => {
  it("creates absent officers and leaves existing ones", async () => {
    const t = await openTestDatabase();
    try {
      const registry = new OfficerRegistry(t.db, { keyPassword: () => "mohar-dev", keyDir: path.join(certsDev, "officers"), pkcs11: null });
      const first = await registry.seedFrom(path.join(certsDev, "officers.json"));
      expect(first.created).toHaveLength(7);
      const second = await registry.seedFrom(path.join(certsDev, "officers.json"));
      expect(second).toEqual({ created: [], existing: first.created });
      const rec = await registry.get("anita-sharma");
      expect(rec.key).toEqual({ type: "p12", path: path.join(certsDev, "officers/anita-sharma.p12") });
    } finally {
      await t.close();
    }
  });
});
