import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeOf, verifyPdf } from "../../src/verification/index.js";
import { makeTestPki, type TestPki } from "../helpers/testPki.js";
import { appendUpdate, makePdf, signPdf } from "../helpers/testSigner.js";
import { editedDict, stream, targetsOf, verify } from "./fixtures.js";

let pki: TestPki;
let base: Buffer;
let once: Buffer;
let twice: Buffer;

beforeAll(async () => {
  pki = makeTestPki();
  base = await makePdf(2);
  once = await signPdf(base, pki, { fieldName: "Approver" });
  twice = await signPdf(once, pki, { fieldName: "Countersign" });
});
afterAll(() => pki.cleanup());

function notAllowed(r: ReturnType<typeof verify>, sig = 0): string[] {
  return (r.signatures[sig]?.changesAfter ?? []).filter((c) => c.classification === "not_allowed").map((c) => c.description);
}

describe("valid signatures", () => {
  it("passes both signatures of a document signed twice, with the second revision reported as allowed", () => {
    const r = verify(twice, pki);
    expect(r.revisions).toBe(3);
    expect(r.signatures.map((s) => [s.fieldName, s.status])).toEqual([
      ["Approver", "TOTAL_PASSED"],
      ["Countersign", "TOTAL_PASSED"],
    ]);
    const first = r.signatures[0];
    expect(first?.revision?.index).toBe(2);
    expect(first?.changesAfter.every((c) => c.classification === "allowed")).toBe(true);
    expect(first?.changesAfter.some((c) => c.description.includes("Countersign"))).toBe(true);
    expect(first?.integrity).toEqual({ byteRangeOk: true, coversWholeRevision: true, digestOk: true, signatureOk: true, essCertificateOk: true });
    expect(first?.signer?.subject).toContain("CN=officer");
    expect(first?.signer?.policies).toEqual(["2.16.356.100.2.3"]);
    expect(first?.revocation.status).toBe("good");
    expect(r.lastRevisionCovered).toBe(true);
    expect(r.status).toBe("TOTAL_PASSED");
    expect(exitCodeOf(r)).toBe(0);
  });

  it("fails a CAdES signature without ESS signing-certificate-v2 but accepts adbe.pkcs7.detached without it", async () => {
    const cades = verify(await signPdf(base, pki, { fieldName: "S", noEss: true }), pki).signatures[0];
    expect(cades).toMatchObject({ status: "TOTAL_FAILED", subIndication: "FORMAT_FAILURE" });
    expect(cades?.statusReason).toContain("signing-certificate-v2");
    const pkcs7 = verify(await signPdf(base, pki, { fieldName: "S", noEss: true, subFilter: "adbe.pkcs7.detached" }), pki).signatures[0];
    expect(pkcs7).toMatchObject({ status: "TOTAL_PASSED", integrity: { essCertificateOk: null } });
  });

  it.each([
    ["adbe.pkcs7.detached", { subFilter: "adbe.pkcs7.detached" }],
    ["adbe.pkcs7.sha1", { subFilter: "adbe.pkcs7.sha1" }],
    ["RSA-PSS", { pss: true }],
  ] as const)("verifies %s signatures", async (_name, extra) => {
    const r = verify(await signPdf(base, pki, { fieldName: "S", ...extra }), pki);
    expect(r.signatures[0]).toMatchObject({ status: "TOTAL_PASSED", integrity: { digestOk: true, signatureOk: true } });
  });

  it("verifies ECDSA signatures", async () => {
    const r = verify(await signPdf(base, pki, { fieldName: "S", signerPem: pki.ecPem, signerKey: pki.ecKey }), pki);
    expect(r.signatures[0]).toMatchObject({ integrity: { digestOk: true, signatureOk: true }, certificate: { trusted: true } });
  });

  it("detects a tampered adbe.pkcs7.sha1 signature", async () => {
    const pdf = await signPdf(base, pki, { fieldName: "S", subFilter: "adbe.pkcs7.sha1" });
    const tampered = Buffer.from(pdf.toString("latin1").replace("/Reason (approved)", "/Reason (rejected)"), "latin1");
    expect(verify(tampered, pki).signatures[0]).toMatchObject({ status: "TOTAL_FAILED", subIndication: "HASH_FAILURE" });
  });

  it("is INDETERMINATE without trust anchors or revocation data, and fails a revoked signer", async () => {
    expect(verifyPdf(once, { trustAnchors: [] }).signatures[0]).toMatchObject({ status: "INDETERMINATE", subIndication: "NO_CERTIFICATE_CHAIN_FOUND" });
    const noCrl = verify(await signPdf(base, pki, { fieldName: "S", embedCrl: false }), pki).signatures[0];
    expect(noCrl).toMatchObject({ status: "INDETERMINATE", subIndication: "TRY_LATER", revocation: { status: "no_data" } });
    expect(noCrl?.statusReason).toContain("no revocation data");
    const revoked = verify(await signPdf(base, pki, { fieldName: "S", signerPem: pki.revokedPem, signerKey: pki.revokedKey }), pki).signatures[0];
    // Revoked before the (claimed) signing time: the CRL says so, no proof of earlier existence helps.
    expect(revoked).toMatchObject({ status: "TOTAL_FAILED", subIndication: "REVOKED", revocation: { status: "revoked", source: "crl:cms" } });
    const underBadCa = verify(
      await signPdf(base, pki, { fieldName: "S", signerPem: pki.underRevokedCaPem, signerKey: pki.underRevokedCaKey, chain: [pki.revokedCaPem] }),
      pki,
    ).signatures[0];
    expect(underBadCa?.certificate.trusted).toBe(true);
    expect(underBadCa?.status).toBe("INDETERMINATE");
    expect(underBadCa?.problems.join()).toMatch(/issuing CA .*CN=badca.* is revoked/);
  });
});

describe("attacks are flagged", () => {
  it("content appended after the last %%EOF", () => {
    const r = verify(Buffer.concat([once, Buffer.from("\n1 0 obj (pay Rs 1 crore) endobj\n")]), pki);
    expect(r.trailingBytes).toBeGreaterThan(0);
    expect(notAllowed(r).join()).toContain("not a well-formed incremental update");
    expect(r.signatures[0]?.changesAfter.map((c) => c.category)).toEqual(["trailing_data"]);
    expect(r.signatures[0]).toMatchObject({ status: "TOTAL_FAILED", subIndication: "SIG_CONSTRAINTS_FAILURE" });
    expect(exitCodeOf(r)).toBe(1);
  });

  it("a page added in an incremental update", async () => {
    const t = targetsOf(once);
    const newPage = 900;
    const pagesDict = editedDict(once, t.pages, {});
    const kids = /\/Kids \[([^\]]*)\]/.exec(pagesDict)?.[1] ?? "";
    const pages = editedDict(once, t.pages, { Kids: `[${kids} ${newPage} 0 R]`, Count: "3" });
    const attacked = await appendUpdate(
      once,
      new Map([
        [t.pages, pages],
        [newPage, `<< /Type /Page /Parent ${t.pages} 0 R /MediaBox [0 0 300 200] /Contents 901 0 R >>`],
        [901, stream("BT /F1 12 Tf 10 100 Td (Annexure: pay Rs 1 crore) Tj ET")],
      ]),
    );
    const r = verify(attacked, pki);
    expect(notAllowed(r).join()).toContain("pages added (2 -> 3)");
    expect(r.signatures[0]?.status).toBe("TOTAL_FAILED");
  });

  it("a signed field's appearance replaced", async () => {
    const t = targetsOf(once);
    const attacked = await appendUpdate(once, new Map([[t.signatureAppearance, stream("BT 10 10 Td (REJECTED) Tj ET", " /Type /XObject /Subtype /Form /BBox [0 0 100 40]")]]));
    const r = verify(attacked, pki);
    expect(notAllowed(r).join()).toContain("appearance of signed field 'Approver' was replaced");
    expect(r.signatures[0]?.status).toBe("TOTAL_FAILED");
  });

  it("a page content stream overridden in a later revision (incremental saving attack)", async () => {
    const t = targetsOf(once);
    const attacked = await appendUpdate(once, new Map([[t.content, stream("BT /F1 10 Tf 10 100 Td (Office order: pay the contractor Rs 1,00,000) Tj ET")]]));
    const r = verify(attacked, pki);
    expect(notAllowed(r).join()).toMatch(/content or resources of page 1, was overridden/);
    expect(r.signatures[0]).toMatchObject({ status: "TOTAL_FAILED", subIndication: "SIG_CONSTRAINTS_FAILURE" });
  });

  it("a page's /Contents pointed at a new stream", async () => {
    const t = targetsOf(once);
    const page = editedDict(once, t.page, { Contents: "950 0 R" });
    const attacked = await appendUpdate(once, new Map([[t.page, page], [950, stream("BT 10 100 Td (forged) Tj ET")]]));
    expect(notAllowed(verify(attacked, pki)).join()).toContain("page 1: /Contents changed");
  });

  it("a signature field removed in a later revision is still reported, as failed", async () => {
    const t = targetsOf(once);
    const root = Number(/\/Root (\d+) 0 R/.exec(once.toString("latin1"))?.[1]);
    const attacked = await appendUpdate(
      once,
      new Map([
        [root, editedDict(once, root, { AcroForm: "<< /Fields [] >>" })],
        [t.page, editedDict(once, t.page, { Annots: "[]" })],
      ]),
    );
    const r = verify(attacked, pki);
    expect(r.signatures.map((s) => s.fieldName)).toEqual(["Approver"]);
    expect(notAllowed(r).join()).toContain("form field 'Approver' removed from the form");
    expect(notAllowed(r).join()).toContain("signature widget of 'Approver' removed from page 1");
    expect(r.signatures[0]?.status).toBe("TOTAL_FAILED");
  });

  it("a ByteRange that leaves a gap larger than /Contents", () => {
    const text = once.toString("latin1");
    const m = /\/ByteRange \[0 (\d{10}) (\d{10}) (\d{10})\]/.exec(text);
    if (!m) throw new Error("no ByteRange");
    const gapped = Buffer.from(text.replace(m[0], `/ByteRange [0 ${String(Number(m[1]) - 40).padStart(10, "0")} ${m[2]} ${m[3]}]`), "latin1");
    const s = verify(gapped, pki).signatures[0];
    expect(s?.integrity.byteRangeOk).toBe(false);
    expect(s).toMatchObject({ status: "TOTAL_FAILED", subIndication: "FORMAT_FAILURE" });
    expect(s?.problems.join()).toContain("is not exactly the /Contents string");
  });

  it("empty (all-zero) /Contents: universal signature forgery", () => {
    const text = once.toString("latin1");
    const forged = Buffer.from(text.replace(/\/Contents <([0-9a-f]+)>/, (_m, hex: string) => `/Contents <${"0".repeat(hex.length)}>`), "latin1");
    const s = verify(forged, pki).signatures[0];
    expect(s).toMatchObject({ status: "TOTAL_FAILED", subIndication: "FORMAT_FAILURE" });
    expect(s?.problems.join()).toContain("/Contents is empty");
  });

  it.each([
    ["/ByteRange removed", "/ByteRange [", "/ByteRangX [", "no /ByteRange array"],
    ["/Contents removed", "/Contents <", "/Contentz <", "no /Contents string"],
    ["/ByteRange null", /\/ByteRange \[[^\]]*\]/, (m: string) => `/ByteRange null${" ".repeat(m.length - 15)}`, "no /ByteRange array"],
  ] as [string, string | RegExp, string | ((m: string) => string), string][])("universal signature forgery: %s", (_name, from, to, reason) => {
    const text = once.toString("latin1");
    const forged = Buffer.from(typeof to === "string" ? text.replace(from, to) : text.replace(from, to), "latin1");
    expect(forged.length).toBe(once.length);
    const s = verify(forged, pki).signatures[0];
    expect(s).toMatchObject({ status: "TOTAL_FAILED", subIndication: "FORMAT_FAILURE" });
    expect(s?.problems.join()).toContain(reason);
  });

  it("a signature dictionary re-defined in a later revision (signature wrapping)", async () => {
    const t = targetsOf(once);
    const sigText = /\d+ 0 obj\n(<< \/Type \/Sig[\s\S]*?>>)\nendobj/.exec(once.toString("latin1"))?.[1] ?? "";
    const attacked = await appendUpdate(once, new Map([[t.signatureDict, sigText]]));
    const r = verify(attacked, pki);
    const s = r.signatures[0];
    expect(s?.status).toBe("TOTAL_FAILED");
    expect(s?.integrity.byteRangeOk).toBe(false);
    expect(s?.problems.join()).toContain("signature wrapping");
  });

  it("shadow hide-and-replace: an xref-only update re-points an object at bytes present but unused when signed", async () => {
    // Before signing: an unused object holding the attacker's content.
    const shadow = 960;
    const prepared = await appendUpdate(base, new Map([[shadow, stream("BT 10 100 Td (pay Rs 1 crore) Tj ET")]]));
    const signed = await signPdf(prepared, pki, { fieldName: "Approver" });
    expect(verify(signed, pki).signatures[0]?.status).toBe("TOTAL_PASSED");
    const t = targetsOf(signed);
    const text = signed.toString("latin1");
    const shadowAt = text.indexOf(`${shadow} 0 obj`);
    const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1];
    const size = Math.max(...[...text.matchAll(/\/Size (\d+)/g)].map((m) => Number(m[1])));
    const rootRef = /\/Root (\d+ \d+ R)/.exec(text)?.[1];
    // Object number of the page content now names the shadow bytes: no new object is written.
    const update = `xref\n${t.content} 1\n${String(shadowAt).padStart(10, "0")} 00000 n \ntrailer\n<< /Size ${size} /Root ${rootRef} /Prev ${prev} >>\nstartxref\n${signed.length}\n%%EOF\n`;
    const attacked = Buffer.concat([signed, Buffer.from(update, "latin1")]);
    const r = verify(attacked, pki);
    expect(notAllowed(r).join()).toContain("points at bytes already in the file");
    expect(r.signatures[0]?.changesAfter.find((c) => c.description.includes("points at bytes"))?.category).toBe("shadow");
    expect(r.signatures[0]?.status).toBe("TOTAL_FAILED");
  });

  it("shadow hide: content present but unused when signed is referenced afterwards", async () => {
    const shadow = 970;
    const prepared = await appendUpdate(base, new Map([[shadow, stream("BT 10 100 Td (hidden clause) Tj ET")]]));
    const signed = await signPdf(prepared, pki, { fieldName: "Approver" });
    const t = targetsOf(signed);
    // An annotation (allowed without certification) whose appearance is the hidden content.
    const page = editedDict(signed, t.page, { Annots: `[${/\/Annots \[([^\]]*)\]/.exec(editedDict(signed, t.page, {}))?.[1] ?? ""} 990 0 R]` });
    const attacked = await appendUpdate(signed, new Map([[t.page, page], [990, `<< /Type /Annot /Subtype /Stamp /Rect [0 0 300 200] /AP << /N ${shadow} 0 R >> >>`]]));
    const r = verify(attacked, pki);
    expect(notAllowed(r).join()).toContain(`object ${shadow} was present but unused when signed and is now referenced`);
    expect(r.signatures[0]?.changesAfter.some((c) => c.classification === "allowed" && c.description.includes("Stamp annotation added"))).toBe(true);
  });

  it("a certification signature with P=1 forbids a later signature", async () => {
    const certified = await signPdf(base, pki, { fieldName: "Certifier", certify: 1 });
    const r = verify(await signPdf(certified, pki, { fieldName: "Late" }), pki);
    expect(r.signatures[0]?.certificationLevel).toBe(1);
    expect(notAllowed(r).join()).toContain("permits no changes");
  });
});
