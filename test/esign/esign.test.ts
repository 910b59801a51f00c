import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { esignRequestXml, signEnveloped } from "../../src/esign/index.js";
import { haveTool, pdfsig, trustingNssDb } from "../helpers/interopTools.js";
import { crossCheckWithPdfbox } from "../interop/pdfboxCrossCheck.js";
import { havePdfbox } from "../helpers/pdfboxCheck.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { aadhaarOf, deliver, espCaPem, postForm, residents, throughEsp, upload, type Started } from "./helpers.js";

const OFFICER = "anita-sharma";
const tools = await haveTool("pdfsig");
const pdfbox = await havePdfbox();

interface TxnBody {
  txn: string;
  status: string;
  esp: { errCode: string; errMsg: string } | null;
  documents: Array<{ documentId: string; version: number; status: string; signedVersion?: number; error?: { code: string; detail: string } }>;
}

describe("Aadhaar eSign through the development ESP", () => {
  let srv: TestServer;
  const officerPost = (p: string, body: unknown, officerId = OFFICER) =>
    srv.createKey("officer", officerId).then((key) => srv.request(p, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, key }));
  const start = async (id: string, body: Record<string, unknown> = {}): Promise<Started> => {
    const res = await officerPost(`/v1/documents/${id}/esign`, { officerId: OFFICER, reason: "Approved", ...body });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(res.headers.get("location")).toMatch(/^\/v1\/esign\/transactions\/[A-Za-z0-9_-]{22}$/);
    return (await res.json()) as Started;
  };
  const versions = async (id: string): Promise<number> => ((await (await srv.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: unknown[] }).versions.length;
  const status = async (txn: string): Promise<TxnBody> => (await (await srv.request(`/v1/esign/transactions/${txn}`, { as: "officer" })).json()) as TxnBody;

  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv?.close();
  });

  it("signs a stored document: signed request, OTP at the ESP, checked response, a new version that verifies TOTAL_PASSED in mohar and pdfsig", async () => {
    const id = await upload(srv, "Sanction of earned leave");
    const started = await start(id);
    expect(started.form).toMatchObject({ action: `${srv.url}/v1/dev/esp/signdoc`, method: "POST", fields: { aspTxnID: started.txn, "Content-Type": "application/xml" } });
    expect(started.form.fields.eSignRequest).toMatch(/^<Esign ver="2\.1" [^>]*aspId="mohar-dev-asp" AuthMode="1" responseSigType="pkcs7"[^>]*><Docs><InputHash id="1" hashAlgorithm="SHA256" docInfo="Sanction of earned leave">[0-9a-f]{64}<\/InputHash><\/Docs><Signature /);
    expect((await status(started.txn)).status).toBe("open");

    const answer = await throughEsp(started.form, aadhaarOf(OFFICER));
    expect(answer.responseUrl).toBe(`${srv.url}/v1/esign/response`);
    const res = await deliver(answer);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as TxnBody;
    expect(body).toMatchObject({ txn: started.txn, status: "completed", documents: [{ documentId: id, version: 1, status: "signed", signedVersion: 2 }] });
    expect(await status(started.txn)).toMatchObject({ status: "completed" });

    const record = (await (await srv.request(`/v1/documents/${id}`, { as: "clerk" })).json()) as { versions: Array<{ n: number; signature?: { officerId: string; timestamped: boolean; esign: boolean; certificate: { subject: string } } }> };
    expect(record.versions[1]?.signature).toMatchObject({ officerId: OFFICER, timestamped: true, esign: true });
    expect(record.versions[1]?.signature?.certificate.subject).toMatch(/CN=ANITA SHARMA/);
    const report = (await (await srv.request(`/v1/documents/${id}/versions/2/verification`, { as: "auditor" })).json()) as { status: string; signatures: Array<{ status: string; certificate: { path: string[] } }> };
    expect(report.status, JSON.stringify(report)).toBe("TOTAL_PASSED");
    expect(report.signatures[0]?.certificate.path.at(-1)).toMatch(/mohar Dev eSign CA/);

    const audit = (await (await srv.request(`/v1/audit/entries?documentId=${id}`, { as: "auditor" })).json()) as { entries: Array<{ action: string; outcome: string; version?: number; actor: string }> };
    const actions = audit.entries.map((e) => [e.action, e.outcome, e.version]);
    expect(actions).toContainEqual(["esign.start", "success", 1]);
    expect(actions).toContainEqual(["esign.complete", "success", 2]);
    expect(audit.entries.find((e) => e.action === "esign.complete")?.actor).toMatch(/^apikey:/);

    if (tools) {
      const pdf = Buffer.from(await (await srv.request(`/v1/documents/${id}/versions/2/content`, { as: "clerk" })).arrayBuffer());
      const nss = await trustingNssDb(espCaPem);
      try {
        const [sig] = await pdfsig(pdf, { nssDir: nss });
        expect(sig).toMatchObject({ signatureValid: true, certificateTrusted: true, coversWholeDocument: true, subFilter: "ETSI.CAdES.detached" });
      } finally {
        await fs.rm(nss, { recursive: true, force: true });
      }
    }
    // The independent PDFBox/BouncyCastle check (#15), on this eSign signature and mohar's key-held ones.
    if (pdfbox) await crossCheckWithPdfbox(Buffer.from(await (await srv.request(`/v1/documents/${id}/versions/2/content`, { as: "clerk" })).arrayBuffer()));

    // The browser posting the same answer twice: the second is refused, nothing is signed again.
    const again = await deliver(answer);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe("esign.transaction_completed");
    expect(await versions(id)).toBe(2);
  });

  it("refuses a certificate the ESP issued to someone else (another resident, another officer), however valid", async () => {
    for (const aadhaar of [residents.find((r) => !r.officerId)?.aadhaar as string, aadhaarOf("rajesh-verma")]) {
      const id = await upload(srv);
      const started = await start(id);
      const res = await deliver(await throughEsp(started.form, aadhaar));
      expect(res.status).toBe(200);
      const body = (await res.json()) as TxnBody;
      expect(body.status).toBe("failed");
      expect(body.documents[0]?.error?.code).toBe("esign.identity_mismatch");
      expect(body.documents[0]?.error?.detail).toMatch(/not the officer's registered eSign identity "ANITA SHARMA"/);
      expect(await versions(id)).toBe(1);
    }
  });

  it("reports the ESP's refusals (wrong OTP, unknown Aadhaar number) and stores nothing", async () => {
    for (const [aadhaar, otp, errCode] of [
      [aadhaarOf(OFFICER), "000000", "ESP-OTP"],
      ["999912345678", "123456", "ESP-AADHAAR"],
    ] as const) {
      const id = await upload(srv);
      const started = await start(id);
      const res = await deliver(await throughEsp(started.form, aadhaar, otp));
      expect(res.status).toBe(422);
      const problem = (await res.json()) as { code: string; detail: string };
      expect(problem.code).toBe("esign.refused");
      expect(problem.detail).toContain(errCode);
      expect(await status(started.txn)).toMatchObject({ status: "refused", esp: { errCode } });
      expect(await versions(id)).toBe(1);
      const audit = (await (await srv.request(`/v1/audit/entries?documentId=${id}`, { as: "auditor" })).json()) as { entries: Array<{ action: string; outcome: string }> };
      expect(audit.entries.map((e) => [e.action, e.outcome])).toContainEqual(["esign.complete", "failure"]);
    }
  });

  it("refuses a tampered response, garbage and a forged ESP signature with a clear 4xx, and the genuine answer still completes", async () => {
    const id = await upload(srv);
    const started = await start(id);
    const answer = await throughEsp(started.form, aadhaarOf(OFFICER));
    const tampered = answer.eSignResponse.replace(/<DocSignature id="1"([^>]*)>(.)/, (_m, attrs: string, c: string) => `<DocSignature id="1"${attrs}>${c === "M" ? "N" : "M"}`);
    expect(tampered).not.toBe(answer.eSignResponse);
    const forged = signEnveloped(answer.eSignResponse.replace(/<Signature [\s\S]*<\/Signature>/, ""), await fs.readFile("certs-dev/esp/asp.key.pem", "utf8"), await fs.readFile("certs-dev/esp/asp.pem", "utf8"));
    for (const [xml, detail] of [
      [tampered, /does not verify/],
      [forged, /does not verify/],
      ["not xml at all", /well-formed|exactly one XML signature/],
      [`<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><EsignResp>&x;</EsignResp>`, /DOCTYPE/],
      ["<EsignResp/>", /exactly one XML signature/],
    ] as const) {
      const res = await deliver(answer, xml);
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { code: string; detail: string };
      expect(problem.code).toBe("esign.bad_response");
      expect(problem.detail).toMatch(detail);
    }
    const empty = await postForm(answer.responseUrl, { espTxnID: "x" });
    expect(empty.status).toBe(400);
    const huge = await postForm(answer.responseUrl, { eSignResponse: "x".repeat(9 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(await versions(id)).toBe(1);
    expect((await deliver(answer)).status).toBe(200);
    expect(await versions(id)).toBe(2);
  });

  it("refuses, at the ESP, an unknown ASP and a request not signed by the ASP's key; a PKCS#7 over another hash is refused by mohar", async () => {
    const id = await upload(srv);
    const started = await start(id);
    const espKey = await fs.readFile("certs-dev/esp/esp.key.pem", "utf8");
    const espCert = await fs.readFile("certs-dev/esp/esp.pem", "utf8");
    const unsignedOf = (aspId: string, hash: Buffer) =>
      esignRequestXml({ ver: "2.1", ts: new Date(), txn: started.txn, aspId, authMode: "1", responseUrl: `${srv.url}/v1/esign/response`, docs: [{ id: "1", sha256: hash, docInfo: "x" }] });
    const unknown = await postForm(started.form.action, { eSignRequest: signEnveloped(unsignedOf("someone-else", Buffer.alloc(32, 1)), espKey, espCert) });
    expect(unknown.status).toBe(403);
    expect(((await unknown.json()) as { code: string }).code).toBe("esign.unknown_asp");
    const wrongKey = await postForm(started.form.action, { eSignRequest: signEnveloped(unsignedOf("mohar-dev-asp", Buffer.alloc(32, 1)), espKey, espCert) });
    expect(wrongKey.status).toBe(400);
    expect(((await wrongKey.json()) as { code: string }).code).toBe("esign.bad_request");

    const aspKeyPem = await fs.readFile("certs-dev/esp/asp.key.pem", "utf8");
    const aspCertPem = await fs.readFile("certs-dev/esp/asp.pem", "utf8");
    const scriptUrl = signEnveloped(unsignedOf("mohar-dev-asp", Buffer.alloc(32, 1)).replace(/responseUrl="[^"]*"/, 'responseUrl="javascript:alert(1)"'), aspKeyPem, aspCertPem);
    const badUrl = await postForm(started.form.action, { eSignRequest: scriptUrl });
    expect(badUrl.status).toBe(400);
    expect(((await badUrl.json()) as { detail: string }).detail).toMatch(/responseUrl/);
    const elsewhere = signEnveloped(unsignedOf("mohar-dev-asp", Buffer.alloc(32, 1)).replace(/responseUrl="[^"]*"/, 'responseUrl="https://attacker.example/collect"'), aspKeyPem, aspCertPem);
    expect((await postForm(started.form.action, { eSignRequest: elsewhere })).status).toBe(400);

    // A request for this transaction with another InputHash, signed with the ASP key: the ESP signs it, mohar must not embed it.
    const aspKey = await fs.readFile("certs-dev/esp/asp.key.pem", "utf8");
    const aspCert = await fs.readFile("certs-dev/esp/asp.pem", "utf8");
    const other = { ...started.form, fields: { ...started.form.fields, eSignRequest: signEnveloped(unsignedOf("mohar-dev-asp", Buffer.alloc(32, 7)), aspKey, aspCert) } };
    const res = await deliver(await throughEsp(other, aadhaarOf(OFFICER)));
    expect(res.status).toBe(200);
    const body = (await res.json()) as TxnBody;
    expect(body.documents[0]).toMatchObject({ status: "failed", error: { code: "cms.digest_mismatch" } });
    expect(await versions(id)).toBe(1);
  });

  it("signs several documents in one transaction: one InputHash each, one version and audit entry each, a document changed meanwhile reported alone", async () => {
    const ids = [await upload(srv, "Letter one"), await upload(srv, "Letter two"), await upload(srv, "Letter three")];
    const res = await officerPost("/v1/esign/transactions", { officerId: OFFICER, documents: ids.map((documentId) => ({ documentId })) });
    expect(res.status).toBe(201);
    const started = (await res.json()) as Started;
    expect(started.form.fields.eSignRequest?.match(/<InputHash /g)).toHaveLength(3);
    // A revised draft of the third arrives while the officer is at the ESP.
    const form = new FormData();
    form.append("file", new Blob([await fs.readFile("samples/notesheet-en.pdf")], { type: "application/pdf" }), "v2.pdf");
    expect((await srv.request(`/v1/documents/${ids[2]}/versions`, { method: "POST", body: form, as: "clerk" })).status).toBe(201);

    const done = await deliver(await throughEsp(started.form, aadhaarOf(OFFICER)));
    expect(done.status).toBe(200);
    const body = (await done.json()) as TxnBody;
    expect(body.status).toBe("partial");
    expect(body.documents.map((d) => [d.status, d.signedVersion ?? d.error?.code])).toEqual([
      ["signed", 2],
      ["signed", 2],
      ["failed", "signing.document_changed"],
    ]);
    for (const id of ids.slice(0, 2)) {
      const report = (await (await srv.request(`/v1/documents/${id}/versions/2/verification`, { as: "auditor" })).json()) as { status: string };
      expect(report.status).toBe("TOTAL_PASSED");
      const audit = (await (await srv.request(`/v1/audit/entries?documentId=${id}`, { as: "auditor" })).json()) as { entries: Array<{ action: string; version?: number }> };
      expect(audit.entries.filter((e) => e.action === "esign.complete").map((e) => e.version)).toEqual([2]);
    }
    expect(await versions(ids[2] as string)).toBe(2);
    const tooMany = await officerPost("/v1/esign/transactions", { officerId: OFFICER, documents: Array.from({ length: 21 }, (_, i) => ({ documentId: `${ids[0]}-${i}` })) });
    expect(tooMany.status).toBe(400);
  });

  it("serves the browser its pages: the ESP's OTP form, the form back to the responseUrl, and the outcome in Hindi and English", async () => {
    const id = await upload(srv);
    const started = await start(id);
    const html = (url: string, fields: Record<string, string>) => fetch(url, { method: "POST", body: new URLSearchParams(fields), headers: { accept: "text/html" } });
    const otpPage = await html(started.form.action, started.form.fields);
    expect(otpPage.headers.get("content-type")).toMatch(/text\/html/);
    const otpHtml = await otpPage.text();
    expect(otpHtml).toMatch(/<form method="post" action="\/v1\/dev\/esp\/authenticate">/);
    const espTxnID = /name="espTxnID" value="([0-9a-f]+)"/.exec(otpHtml)?.[1] as string;
    const back = await html(`${srv.url}/v1/dev/esp/authenticate`, { espTxnID, aadhaar: "9999 0000 0001", otp: "123456" });
    expect(back.headers.get("content-security-policy")).toBe(`default-src 'none'; form-action ${srv.url}`);
    const backHtml = await back.text();
    expect(backHtml).toContain(`<form method="post" action="${srv.url}/v1/esign/response">`);
    const value = (name: string) => (new RegExp(`name="${name}" value="([^"]*)"`).exec(backHtml)?.[1] ?? "").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    const outcome = await html(`${srv.url}/v1/esign/response`, { eSignResponse: value("eSignResponse"), espTxnID: value("espTxnID") });
    expect(outcome.status).toBe(200);
    expect(await outcome.text()).toContain("पूर्ण / completed");
    expect(await versions(id)).toBe(2);
  });

  it("lets an officer start eSign only for themself", async () => {
    const id = await upload(srv);
    const res = await officerPost(`/v1/documents/${id}/esign`, { officerId: OFFICER }, "rajesh-verma");
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("auth.not_this_officer");
  });
});
