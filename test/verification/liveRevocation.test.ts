import { spawn } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveRevocation, RevocationSource, signingKeyFromKeyObject, type FetchLimits } from "../../src/pki/index.js";
import { signDocument } from "../../src/signing/index.js";
import { runVerifyCommand, verifyPdfPass, verifyWithSources, type SignatureReport } from "../../src/verification/index.js";
import { devOcspResponder, DOWN, ocspLeaf, type DevOcspResponder } from "../helpers/devOcsp.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { makePdf } from "../helpers/samplePdfs.js";

// Verification asks a trusted chain's OCSP responders and CRL distribution points when the PDF's
// own data and the CRL directory do not decide, and says which source answered (#15). The
// development OCSP responder is `openssl ocsp` over the test CA's index, on loopback.

// The responder runs openssl per request: on a loaded machine that can take a second.
const limits: FetchLimits = { timeoutMs: 5000, maxBytes: 64 * 1024, loopbackOnly: true };
/** For the case that must time out: the slow responder never answers within it. */
const shortLimits: FetchLimits = { ...limits, timeoutMs: 300 };

let pki: TestPki;
let forger: TestPki;
let responder: DevOcspResponder;
let base: string;
let root: X509Certificate;
const pdfs: Record<string, Buffer> = {};

beforeAll(async () => {
  pki = makeTestPki();
  forger = makeTestPki(1);
  root = new X509Certificate(fs.readFileSync(pki.rootPem));
  responder = await devOcspResponder(pki, forger);
  base = responder.base;
  const blank = await makePdf();
  const leaves: Array<[string, string, string[], string[], "valid" | "revoked" | "none"]> = [
    ["good", "0x8001", [`${base}/ocsp`], [], "valid"],
    ["revoked", "0x8002", [`${base}/ocsp`], [], "revoked"],
    ["unknown", "0x8003", [`${base}/ocsp`], [], "none"],
    ["stale", "0x8004", [`${base}/stale`], [], "valid"],
    ["faulty", "0x8005", [`${DOWN}/ocsp`, `${base}/garbage`, `${base}/huge`, `${base}/slow`], [], "valid"],
    ["crlonly", "0x8006", [`${DOWN}/ocsp`], [`${base}/ca.crl`], "valid"],
    ["forged", "0x8007", [`${base}/forged`], [`${base}/forged.crl`, `${base}/ca.crl`], "valid"],
  ];
  for (const [name, serial, ocsp, crl, state] of leaves) {
    const leaf = ocspLeaf(pki, name, serial, ocsp, crl, state);
    // mohar's own signer in-process, with no revocation source: the PDF carries no CRL or OCSP answer.
    const key = signingKeyFromKeyObject({ officerId: "o1", privateKey: createPrivateKey(fs.readFileSync(leaf.key)), certificate: Buffer.from(new X509Certificate(fs.readFileSync(leaf.pem)).raw), chain: [Buffer.from(root.raw)] });
    pdfs[name] = (await signDocument({ pdf: blank, key, officer: { officerId: "o1", name: "Test Officer" } })).pdf;
  }
});
afterAll(async () => {
  await responder.close();
  pki.cleanup();
  forger.cleanup();
});

async function verify(pdf: Buffer, live: LiveRevocation | null, opts: { anchors?: X509Certificate[]; crls?: Buffer[] } = {}): Promise<SignatureReport> {
  const trustAnchors = opts.anchors ?? [root];
  const sources = { offline: new RevocationSource(opts.crls ?? []), live };
  const report = await verifyWithSources(pdf, async (p, outside) => verifyPdfPass(p, { trustAnchors, outside }), sources);
  const s = report.signatures[0];
  if (!s) throw new Error("no signature reported");
  return s;
}

const outcomes = (s: SignatureReport): string[] => (s.revocation.checks[0]?.fetches ?? []).map((f) => `${f.url.replace(base, "").replace(DOWN, "down")} ${f.outcome}`);

describe("live revocation at verification", () => {
  it("good, revoked and unknown answers of the signer's OCSP responder, each naming the responder and the answer's time", async () => {
    const live = new LiveRevocation(limits);
    const good = await verify(pdfs.good as Buffer, live);
    expect(good).toMatchObject({ status: "TOTAL_PASSED", revocation: { status: "good", source: "ocsp:live" } });
    const entry = good.revocation.checks[0];
    expect(entry).toMatchObject({ role: "signer", status: "good", source: "live_ocsp", url: `${base}/ocsp`, fetches: [{ kind: "ocsp", outcome: "fetched" }] });
    expect(Math.abs(Date.parse(entry?.answeredAt ?? "") - Date.now())).toBeLessThan(120_000);

    const revoked = await verify(pdfs.revoked as Buffer, live);
    expect(revoked).toMatchObject({ status: "TOTAL_FAILED", subIndication: "REVOKED", revocation: { status: "revoked", checks: [{ source: "live_ocsp", status: "revoked" }] } });
    expect(revoked.revocation.checks[0]?.revokedAt).not.toBeNull();

    const unknown = await verify(pdfs.unknown as Buffer, live);
    expect(unknown).toMatchObject({ status: "INDETERMINATE", subIndication: "TRY_LATER", revocation: { status: "unknown", checks: [{ source: "live_ocsp", status: "unknown" }] } });
  });

  it("reuses an answer until its nextUpdate, and asks nothing for a chain that reaches no trust anchor", async () => {
    const live = new LiveRevocation(limits);
    await verify(pdfs.good as Buffer, live);
    const asked = responder.hits.get("/ocsp") ?? 0;
    const again = await verify(pdfs.good as Buffer, live);
    expect(outcomes(again)).toEqual(["/ocsp cached"]);
    expect(again.revocation.checks[0]).toMatchObject({ source: "live_ocsp", status: "good" });
    const untrusted = await verify(pdfs.good as Buffer, new LiveRevocation(limits), { anchors: [] });
    expect(untrusted.revocation.checks[0]).toMatchObject({ source: "none", status: "no_data", fetches: [] });
    expect(responder.hits.get("/ocsp")).toBe(asked);
  });

  it("a responder that is down, answers garbage, too much or too slowly, or a stale answer, leaves a clear TRY_LATER", async () => {
    const started = Date.now();
    const faulty = await verify(pdfs.faulty as Buffer, new LiveRevocation(shortLimits));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(faulty).toMatchObject({ status: "INDETERMINATE", subIndication: "TRY_LATER", revocation: { status: "no_data", checks: [{ source: "none" }] } });
    expect(outcomes(faulty)).toEqual(["down/ocsp unreachable", "/garbage garbage", "/huge too_large", "/slow timeout"]);
    expect(faulty.statusReason).toMatch(/live OCSP .*\/slow: timeout/);

    // The verifier's clock ten minutes on: the one-minute answer's nextUpdate has passed.
    const later = new LiveRevocation(limits, () => new Date(Date.now() + 10 * 60_000));
    const stale = await verify(pdfs.stale as Buffer, later);
    expect(stale).toMatchObject({ subIndication: "TRY_LATER", revocation: { status: "no_data", checks: [{ source: "none" }] } });
    expect(outcomes(stale)).toEqual(["/stale stale"]);
  });

  it("falls back to the CRL distribution point when no responder answers", async () => {
    const s = await verify(pdfs.crlonly as Buffer, new LiveRevocation(limits));
    expect(outcomes(s)).toEqual(["down/ocsp unreachable", "/ca.crl fetched"]);
    expect(s).toMatchObject({ status: "TOTAL_PASSED", revocation: { source: "crl:live", checks: [{ source: "live_crl", url: `${base}/ca.crl`, status: "good" }] } });
  });

  it("asks nothing for a signature whose signed bytes were changed: a broken or forged signature never makes the service contact anyone", async () => {
    const tampered = Buffer.from(pdfs.good as Buffer);
    const at = tampered.indexOf("/Type /Page") + 1;
    tampered[at] = tampered[at] === 0x54 ? 0x74 : 0x54;
    const asked = responder.hits.get("/ocsp") ?? 0;
    const s = await verify(tampered, new LiveRevocation(limits));
    expect(s.status).toBe("TOTAL_FAILED");
    expect(s.revocation.checks[0]).toMatchObject({ source: "none", fetches: [] });
    expect(responder.hits.get("/ocsp") ?? 0).toBe(asked);
  });

  it("neither uses nor keeps an answer another CA signed: a forged OCSP answer or CRL is named and the next source asked", async () => {
    const live = new LiveRevocation(limits);
    const first = await verify(pdfs.forged as Buffer, live);
    expect(outcomes(first)).toEqual(["/forged garbage", "/forged.crl garbage", "/ca.crl fetched"]);
    expect(first).toMatchObject({ status: "TOTAL_PASSED", revocation: { source: "crl:live", checks: [{ source: "live_crl", url: `${base}/ca.crl`, status: "good" }] } });
    expect(first.revocation.checks[0]?.fetches[0]?.detail).toMatch(/does not speak for certificate/);
    // Not cached: the next verification asks the responder again instead of reusing the forgery.
    const asked = responder.hits.get("/forged") ?? 0;
    expect(outcomes(await verify(pdfs.forged as Buffer, live))).toEqual(["/forged garbage", "/forged.crl garbage", "/ca.crl fetched"]);
    expect(responder.hits.get("/forged")).toBe(asked + 1);
    expect(responder.hits.get("/forged.crl")).toBe(2);
  });

  it("consults the CRL directory before the network; with neither, verification is as it was", async () => {
    const live = new LiveRevocation(limits);
    const before = responder.hits.get("/ocsp") ?? 0;
    const fromDir = await verify(pdfs.unknown as Buffer, live, { crls: [pki.crlDer] });
    expect(fromDir).toMatchObject({ status: "TOTAL_PASSED", revocation: { source: "crl:crl_dir", checks: [{ source: "crl_dir", url: null, status: "good" }] } });
    expect(responder.hits.get("/ocsp")).toBe(before);
    const offline = await verify(pdfs.good as Buffer, null);
    expect(offline).toMatchObject({ status: "INDETERMINATE", subIndication: "TRY_LATER", revocation: { status: "no_data", source: null, detail: "no revocation data embedded" } });
    expect(responder.hits.get("/ocsp")).toBe(before);
  });

  it("mohar verify reports the live source, and without fetching is as it was", async () => {
    const file = path.join(pki.dir, "good.pdf");
    fs.writeFileSync(file, pdfs.good as Buffer);
    const cli = await runVerifyCommand(file, pki.rootPem, true, false, { crlDir: null, crlDirExplicit: false, fetch: limits });
    expect(cli.exitCode, cli.stdout).toBe(0);
    expect(cli.stdout).toContain(`signer 8001: good, answer from the CA's OCSP responder ${base}/ocsp (answer of `);
    const offline = await runVerifyCommand(file, pki.rootPem, true, false, { crlDir: null, crlDirExplicit: false, fetch: null });
    expect(offline.exitCode).toBe(1);
    expect(offline.stdout).toContain("signer 8001: no_data, no source answered");
  });

  it("the built mohar verify (one script run by vm: scripts/bundleCli.mjs) fetches OCSP answers and CRLs live", async () => {
    const out = path.resolve("test-artifacts", `live-bundle-${process.pid}`);
    try {
      // Asynchronously: the responder answers from this process's event loop.
      const run = (args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
        new Promise((resolve, reject) => {
          const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: path.join(out, "xdg"), REVOCATION_FETCH_TIMEOUT_MS: String(limits.timeoutMs) };
          delete env.NODE_COMPILE_CACHE;
          delete env.NODE_DISABLE_COMPILE_CACHE;
          const child = spawn(process.execPath, args, { env });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
          child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
          child.on("error", reject);
          child.on("close", (status) => resolve({ status, stdout, stderr }));
        });
      const built = await run(["scripts/bundleCli.mjs", out]);
      expect(built.status, built.stderr).toBe(0);
      const verifyBuilt = async (name: string): Promise<{ status: number | null; report: { status: string; signatures: SignatureReport[] } }> => {
        const file = path.join(out, `${name}.pdf`);
        fs.writeFileSync(file, pdfs[name] as Buffer);
        const r = await run([path.join(out, "cli.js"), "verify", file, "--trust", pki.rootPem, "--crl-dir", "", "--revocation-fetch", "loopback", "--json"]);
        expect(r.stderr).toBe("");
        return { status: r.status, report: JSON.parse(r.stdout) as { status: string; signatures: SignatureReport[] } };
      };
      // Twice: the first run keeps the script's code cache, the second runs from it.
      for (let i = 0; i < 2; i++) {
        const good = await verifyBuilt("good");
        expect(good.status).toBe(0);
        expect(good.report.signatures[0]).toMatchObject({ status: "TOTAL_PASSED", revocation: { status: "good", source: "ocsp:live", checks: [{ source: "live_ocsp", url: `${base}/ocsp` }] } });
      }
      const revoked = await verifyBuilt("revoked");
      expect(revoked.status).toBe(1);
      expect(revoked.report.signatures[0]).toMatchObject({ status: "TOTAL_FAILED", subIndication: "REVOKED", revocation: { status: "revoked", checks: [{ source: "live_ocsp" }] } });
      const crlOnly = await verifyBuilt("crlonly");
      expect(crlOnly.status).toBe(0);
      expect(crlOnly.report.signatures[0]).toMatchObject({ status: "TOTAL_PASSED", revocation: { status: "good", checks: [{ url: `${base}/ca.crl`, status: "good" }] } });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
