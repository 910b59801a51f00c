import { X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptEsignCertificate, devEsignIdentity } from "../../src/esign/index.js";
import { pemBlocks } from "../../src/pki/index.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { espCaPem, residents, upload } from "./helpers.js";

const certsDev = path.resolve("certs-dev");
const pem = (id: string): Promise<string> => fs.readFile(path.join(certsDev, "officers", `${id}.pem`), "utf8");

describe("an officer's eSign identity", () => {
  let srv: TestServer;
  const register = (body: Record<string, unknown>) => srv.request("/v1/officers", { method: "POST", as: "admin", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  beforeAll(async () => {
    srv = await startTestServer({ OFFICERS_SEED: "" });
  });
  afterAll(async () => {
    await srv?.close();
  });

  it("is registered with the officer, shown with it, and required to start eSign", async () => {
    const base = { designation: "Deputy Secretary", department: "Revenue Department", p12File: "anita-sharma.p12", certificatePem: await pem("anita-sharma") };
    const bad = await register({ ...base, id: "anita-sharma", name: "Anita Sharma", esign: { name: "ANITA SHARMA", id: "short" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string; detail: string }).detail).toMatch(/esign\.id/);
    const identity = { name: "ANITA SHARMA", idAttribute: "pseudonym", id: "AB70158F91A272CFA88804BAD4317D84" };
    const res = await register({ ...base, id: "anita-sharma", name: "Anita Sharma", esign: identity });
    expect(res.status).toBe(201);
    expect(((await (await srv.request("/v1/officers/anita-sharma", { as: "clerk" })).json()) as { esign: unknown }).esign).toEqual(identity);

    expect((await register({ ...base, id: "rajesh-verma", name: "Rajesh Verma", p12File: "rajesh-verma.p12", certificatePem: await pem("rajesh-verma") })).status).toBe(201);
    const id = await upload(srv);
    const key = await srv.createKey("officer", "rajesh-verma");
    const start = await srv.request(`/v1/documents/${id}/esign`, { method: "POST", key, headers: { "content-type": "application/json" }, body: JSON.stringify({ officerId: "rajesh-verma" }) });
    expect(start.status).toBe(422);
    expect(((await start.json()) as { code: string }).code).toBe("esign.no_identity");

    // Added later (records are never replaced: it is kept beside the record), once.
    const add = (body: unknown) => srv.request("/v1/officers/rajesh-verma/esign-identity", { method: "POST", as: "admin", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const rajesh = { name: "RAJESH VERMA", idAttribute: "pseudonym", id: "0123456789ABCDEF0123456789ABCDEF" };
    expect((await add({ ...rajesh, idAttribute: "email" })).status).toBe(400);
    const added = await add(rajesh);
    expect(added.status).toBe(201);
    expect(((await added.json()) as { esign: unknown }).esign).toEqual(rajesh);
    expect(((await (await add(rajesh)).json()) as { code: string }).code).toBe("officer.esign_identity_exists");
    expect(((await (await srv.request("/v1/officers", { as: "clerk" })).json()) as { officers: Array<{ id: string; esign: unknown }> }).officers.find((o) => o.id === "rajesh-verma")?.esign).toEqual(rajesh);
    const retry = await srv.request(`/v1/documents/${id}/esign`, { method: "POST", key, headers: { "content-type": "application/json" }, body: JSON.stringify({ officerId: "rajesh-verma" }) });
    expect(retry.status).toBe(201);
  });
});

describe("accepting an ESP's per-transaction certificate", () => {
  const espCas = [new X509Certificate(espCaPem)];
  const anita = devEsignIdentity(residents[0] as (typeof residents)[0]);

  it("never accepts a certificate only because it is valid: the officer's own Class 3 DSC, under another CA, is refused", async () => {
    const dsc = pemBlocks(await pem("anita-sharma"), "CERTIFICATE")[0] as Buffer;
    const chain = pemBlocks(await fs.readFile(path.join(certsDev, "intermediate.pem"), "utf8") + (await fs.readFile(path.join(certsDev, "root.pem"), "utf8")), "CERTIFICATE");
    expect(() => acceptEsignCertificate(dsc, [dsc, ...chain], espCas, { ...anita, name: "ANITA SHARMA" }, new Date())).toThrow(/does not chain to a configured ESP CA/);
  });

  it("refuses garbage in place of a certificate with a clear error", () => {
    expect(() => acceptEsignCertificate(Buffer.from("not a certificate"), [], espCas, anita, new Date())).toThrow(/not an X\.509 certificate/);
  });
});
