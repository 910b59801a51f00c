import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import * as pkijs from "pkijs";
import * as asn1js from "asn1js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCms, P12KeyStore, parseCms, parseTimestampToken, requestTimestamp, timestamperFor } from "../../src/pki/index.js";
import { createDevTsa, type DevTsa } from "../../src/pki/dev/index.js";
import { openssl } from "../helpers/openssl.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const certsDev = path.resolve("certs-dev");
const sha256 = (b: Buffer): Buffer => createHash("sha256").update(b).digest();

async function devTsa(): Promise<DevTsa> {
  const read = (f: string) => fs.readFile(path.join(certsDev, f), "utf8");
  return createDevTsa({ certPem: await read("tsa.pem"), keyPem: await read("tsa.key.pem"), chainPem: await read("intermediate.pem") });
}

/** A loopback HTTP server answering with `handler`; for TSA failure cases. */
async function fakeTsa(handler: (body: Buffer, res: http.ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handler(Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("dev TSA", () => {
  let dir: string;
  let tsa: DevTsa;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-tsa-"));
    tsa = await devTsa();
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("answers an openssl ts query with a token that openssl ts -verify accepts", async () => {
    await fs.writeFile(path.join(dir, "data.bin"), randomBytes(1000));
    const q = await openssl(["ts", "-query", "-data", "data.bin", "-sha256", "-cert", "-out", "req.tsq"], dir);
    expect(q.code).toBe(0);
    await fs.writeFile(path.join(dir, "resp.tsr"), await tsa.respond(await fs.readFile(path.join(dir, "req.tsq"))));

    const text = await openssl(["ts", "-reply", "-in", "resp.tsr", "-text"], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Status: Granted.");
    expect(text.stdout).toContain("Policy OID: 1.3.6.1.4.1.55555.1.1");
    expect(text.stdout).toContain("Hash Algorithm: sha256");
    expect(text.stdout).toMatch(/Accuracy: (0x)?0*1 seconds/);
    expect(text.stdout).toMatch(/Nonce: 0x[0-9A-F]+/);
    expect(text.stdout).toContain("TSA: DirName:");

    const verify = await openssl(
      ["ts", "-verify", "-data", "data.bin", "-in", "resp.tsr", "-CAfile", path.join(certsDev, "root.pem"), "-untrusted", path.join(certsDev, "tsa.pem")],
      dir,
    );
    expect(verify.stdout).toContain("Verification: OK");
    expect(verify.code).toBe(0);

    await fs.writeFile(path.join(dir, "other.bin"), randomBytes(10));
    const wrong = await openssl(["ts", "-verify", "-data", "other.bin", "-in", "resp.tsr", "-CAfile", path.join(certsDev, "root.pem")], dir);
    expect(wrong.code).not.toBe(0);
  });

  it("rejects malformed requests and unknown hash algorithms with RFC 3161 status 2", async () => {
    const garbage = pkijs.TimeStampResp.fromBER(await tsa.respond(Buffer.from("nope")));
    expect(garbage.status.status).toBe(2);
    const md5Req = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.113549.2.5" }),
        hashedMessage: new asn1js.OctetString({ valueHex: randomBytes(16) }),
      }),
    });
    const md5 = pkijs.TimeStampResp.fromBER(await tsa.respond(Buffer.from(md5Req.toSchema().toBER(false))));
    expect(md5.status.status).toBe(2);
    expect(md5.timeStampToken).toBeUndefined();
  });
});

describe("TSA client and the /v1/dev/tsa route", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  it("serves the dev TSA to requestTimestamp and advertises it as the service's TSA", async () => {
    const url = srv.running.services.tsaUrl();
    expect(url).toBe(`${srv.url}/v1/dev/tsa`);
    const imprint = sha256(Buffer.from("a signature value"));
    const token = await requestTimestamp(url as string, imprint);
    const info = parseTimestampToken(token);
    expect(info.imprint.equals(imprint)).toBe(true);
    expect(Math.abs(info.genTime.getTime() - Date.now())).toBeLessThan(10_000);
    expect(info.certificates.length).toBeGreaterThan(0);
  });

  it("answers a non-TSA media type with 415 problem+json", async () => {
    const res = await srv.request("/v1/dev/tsa", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("timestamps a CMS signature (PAdES B-T) over the signature value", async () => {
    const store = new P12KeyStore({ password: "mohar-dev", locate: async (id) => ({ path: path.join(certsDev, "officers", `${id}.p12`) }) });
    const key = await store.load("rajesh-verma");
    const cms = await createCms({ contentDigest: sha256(Buffer.from("pdf bytes")), key, timestamp: timestamperFor(`${srv.url}/v1/dev/tsa`) });
    const parsed = parseCms(cms);
    expect(parsed.timestampToken).not.toBeNull();
    const info = parseTimestampToken(parsed.timestampToken as Buffer);
    expect(info.imprint.equals(sha256(parsed.signatureValue))).toBe(true);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-bt-"));
    try {
      await fs.writeFile(path.join(dir, "token.der"), parsed.timestampToken as Buffer);
      const digest = sha256(parsed.signatureValue).toString("hex");
      const r = await openssl(
        ["ts", "-verify", "-digest", digest, "-in", "token.der", "-token_in", "-CAfile", path.join(certsDev, "root.pem"), "-untrusted", path.join(certsDev, "tsa.pem")],
        dir,
      );
      expect(r.stdout).toContain("Verification: OK");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("turns every TSA failure into tsa.unavailable", async () => {
    const imprint = sha256(Buffer.from("x"));
    await expect(requestTimestamp("http://127.0.0.1:1/tsa", imprint)).rejects.toMatchObject({ kind: "unavailable", code: "tsa.unavailable" });

    const broken = await fakeTsa((_b, res) => res.writeHead(500).end("boom"));
    await expect(requestTimestamp(broken.url, imprint)).rejects.toMatchObject({ code: "tsa.unavailable", message: expect.stringContaining("HTTP 500") });
    await broken.close();

    const garbage = await fakeTsa((_b, res) => res.writeHead(200, { "content-type": "application/timestamp-reply" }).end("garbage"));
    await expect(requestTimestamp(garbage.url, imprint)).rejects.toMatchObject({ code: "tsa.unavailable" });
    await garbage.close();

    // A replayed token: valid, but for another request's nonce and imprint.
    const tsa = await devTsa();
    const otherReq = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: "2.16.840.1.101.3.4.2.1" }),
        hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
      }),
      nonce: new asn1js.Integer({ value: 42 }),
      certReq: true,
    });
    const replayed = await tsa.respond(Buffer.from(otherReq.toSchema().toBER(false)));
    const replay = await fakeTsa((_b, res) => res.writeHead(200).end(replayed));
    await expect(requestTimestamp(replay.url, imprint)).rejects.toMatchObject({ message: expect.stringContaining("nonce") });
    await replay.close();

    const silent = await fakeTsa(() => undefined);
    await expect(requestTimestamp(silent.url, imprint, { timeoutMs: 300 })).rejects.toMatchObject({ message: expect.stringContaining("no answer in time") });
    await silent.close();
  });
});
