import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrlFetcher, fetchBounded, revocationUrls, type FetchLimits } from "../../src/pki/index.js";
import { openssl } from "../helpers/openssl.js";
import { loopbackServer, type LoopbackServer } from "../helpers/loopbackServer.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";

let pki: TestPki;
let server: LoopbackServer;
let base: string;
const hits = new Map<string, number>();
const limits = (): FetchLimits => ({ timeoutMs: 300, maxBytes: 64 * 1024, loopbackOnly: true });

beforeAll(async () => {
  pki = makeTestPki();
  server = await loopbackServer((req, _body, res) => {
    hits.set(req.url ?? "", (hits.get(req.url ?? "") ?? 0) + 1);
    if (req.url === "/root.crl") res.end(pki.crlDer);
    else if (req.url === "/garbage.crl") res.end("<html>not a CRL</html>");
    else if (req.url === "/huge.crl") {
      // No content-length: the limit must hold while streaming.
      res.write(Buffer.alloc(40 * 1024));
      res.write(Buffer.alloc(40 * 1024));
      res.end();
    } else if (req.url === "/slow.crl") setTimeout(() => res.end(pki.crlDer), 2000).unref();
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  base = server.base;
});
afterAll(async () => {
  await server.close();
  pki.cleanup();
});

describe("fetchBounded", () => {
  it("fetches over loopback and turns every network fault into a status", async () => {
    expect(await fetchBounded(`${base}/root.crl`, limits())).toMatchObject({ ok: true, value: pki.crlDer });
    expect(await fetchBounded(`${base}/missing.crl`, limits())).toMatchObject({ ok: false, fault: "http_error" });
    expect(await fetchBounded(`${base}/huge.crl`, limits())).toMatchObject({ ok: false, fault: "too_large" });
    const started = Date.now();
    expect(await fetchBounded(`${base}/slow.crl`, limits())).toMatchObject({ ok: false, fault: "timeout" });
    expect(Date.now() - started).toBeLessThan(1500);
    // A port nothing listens on: the server's own port once closed would race, so use port 1.
    expect(await fetchBounded("http://127.0.0.1:1/x.crl", limits())).toMatchObject({ ok: false, fault: "unreachable" });
    expect(await fetchBounded("ldap://127.0.0.1/x.crl", limits())).toMatchObject({ ok: false, fault: "unsupported_url" });
    expect(await fetchBounded("http://localhost:1/x.crl", limits())).toMatchObject({ ok: false, fault: "refused_host" });
  });

  it("tells its observer (the service's metrics) of every fetch that went out: kind, outcome, time", async () => {
    const seen: { kind: string; outcome: string; seconds: number }[] = [];
    const observed: FetchLimits = { ...limits(), observe: (o) => seen.push(o) };
    await fetchBounded(`${base}/root.crl`, observed);
    await fetchBounded(`${base}/missing.crl`, observed);
    await fetchBounded(`${base}/ocsp`, observed, { contentType: "application/ocsp-request", body: Buffer.from([0x30, 0x00]) });
    await fetchBounded("http://crl.example.invalid/ca.crl", observed);
    expect(seen.map(({ kind, outcome }) => ({ kind, outcome }))).toEqual([
      { kind: "crl", outcome: "ok" },
      { kind: "crl", outcome: "http_error" },
      { kind: "ocsp", outcome: "http_error" },
    ]);
    expect(seen.every((o) => o.seconds >= 0 && o.seconds < 1)).toBe(true);
  });

  it("never contacts a host other than loopback when told so", async () => {
    const r = await fetchBounded("http://crl.example.invalid/ca.crl", limits());
    expect(r).toMatchObject({ ok: false, fault: "refused_host" });
  });
});

describe("CrlFetcher", () => {
  it("reuses a fetched CRL until its nextUpdate, then fetches it again", async () => {
    const crlUrl = `${base}/root.crl`;
    let now = new Date();
    const fetcher = new CrlFetcher(limits(), () => now);
    const first = await fetcher.fetch(crlUrl);
    expect(first.ok).toBe(true);
    const before = hits.get("/root.crl") ?? 0;
    expect((await fetcher.fetch(crlUrl)).ok).toBe(true);
    expect(hits.get("/root.crl")).toBe(before);
    if (!first.ok || !first.value.nextUpdate) throw new Error("the test CRL has a nextUpdate");
    now = new Date(first.value.nextUpdate.getTime() + 1000);
    expect((await fetcher.fetch(crlUrl)).ok).toBe(true);
    expect(hits.get("/root.crl")).toBe(before + 1);
  });

  it("says a body that is no CRL is garbage", async () => {
    expect(await new CrlFetcher(limits()).fetch(`${base}/garbage.crl`)).toMatchObject({ ok: false, fault: "garbage" });
  });
});

describe("revocationUrls", () => {
  it("reads a certificate's CRL distribution points and OCSP responders", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mohar-urls-"));
    try {
      const r = await openssl(
        ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "k.pem", "-out", "c.der", "-outform", "DER", "-subj", "/CN=urls", "-days", "1",
          "-addext", "crlDistributionPoints=URI:http://127.0.0.1:9/ca.crl", "-addext", "authorityInfoAccess=OCSP;URI:http://127.0.0.1:9/ocsp,caIssuers;URI:http://127.0.0.1:9/ca.cer"],
        dir,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(revocationUrls(fs.readFileSync(path.join(dir, "c.der")))).toEqual({ crl: ["http://127.0.0.1:9/ca.crl"], ocsp: ["http://127.0.0.1:9/ocsp"] });
      expect(revocationUrls(Buffer.from(new X509Certificate(fs.readFileSync(pki.rootPem)).raw))).toEqual({ crl: [], ocsp: [] });
      expect(revocationUrls(Buffer.from("not a certificate"))).toEqual({ crl: [], ocsp: [] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
