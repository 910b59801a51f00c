import { describe, expect, it } from "vitest";
import type { SignatureReport, VerificationReport } from "../../src/verification/index.js";
import { reportPdf } from "../../src/verification/index.js";
import { haveTool, pdftotext, qpdfCheck } from "../helpers/interopTools.js";

const tools = (await haveTool("pdftotext")) && (await haveTool("qpdf"));

function signature(n: number, over: Partial<SignatureReport> = {}): SignatureReport {
  return {
    fieldName: `Approver${n}`,
    kind: "signature",
    subFilter: "ETSI.CAdES.detached",
    status: "TOTAL_PASSED",
    subIndication: null,
    statusReason: "document unchanged since signing; certificate trusted",
    signer: { subject: "CN=राजेश वर्मा, O=Collectorate Jaipur", issuer: "CN=mohar dev CA", serialHex: "0a1b", policies: [], notBefore: null, notAfter: null },
    claimedSigningTime: "2026-12-01T10:00:00.000Z",
    signingTime: { time: "2026-12-01T10:00:01.000Z", source: "timestamp" },
    timestamp: { genTime: "2026-12-01T10:00:01.000Z", tsa: { subject: "CN=mohar dev TSA", serialHex: "01" }, ok: true, problems: [] },
    reason: "प्रमाणपत्र पर हस्ताक्षर किए / signed the certificate",
    location: "जयपुर",
    signerName: null,
    certificationLevel: null,
    integrity: { byteRangeOk: true, coversWholeRevision: true, digestOk: true, signatureOk: true, essCertificateOk: true },
    certificate: { chainOk: true, trusted: true, validAtSigningTime: true, keyUsageOk: true, path: ["CN=राजेश वर्मा", "CN=mohar dev CA", "CN=mohar dev root"], indiaPki: null },
    revocation: {
      status: "good",
      source: "ocsp:live",
      detail: "OCSP says good",
      checks: [
        { role: "signer", subject: "CN=राजेश वर्मा", serialHex: "0a1b", status: "good", source: "live_ocsp", url: "http://127.0.0.1:8080/ocsp", answeredAt: "2026-12-05T09:59:00.000Z", revokedAt: null, detail: "good", fetches: [] },
        { role: "issuing_ca", subject: "CN=mohar dev CA", serialHex: "02", status: "good", source: "embedded_dss", url: null, answeredAt: "2026-12-01T00:00:00.000Z", revokedAt: null, detail: "CRL says good", fetches: [] },
      ],
    },
    revision: { index: n, endOffset: 1000 * n },
    changesAfter: [],
    problems: [],
    ...over,
  };
}

describe.skipIf(!tools)("the verification report as a PDF", () => {
  it("reads back in Hindi and English through poppler, with conjuncts intact, verdicts in colour, over several pages; qpdf finds nothing wrong", async () => {
    const report: VerificationReport = {
      status: "TOTAL_FAILED",
      subIndication: "SIG_CONSTRAINTS_FAILURE",
      statusReason: "a change after signature 1 is not allowed",
      revisions: 9,
      signatureCount: 8,
      emptySignatureFields: [],
      lastRevisionCovered: false,
      trailingBytes: 0,
      encryption: null,
      repairs: [],
      damage: [],
      signatures: [
        signature(1, {
          status: "TOTAL_FAILED",
          subIndication: "SIG_CONSTRAINTS_FAILURE",
          changesAfter: [{ revision: 9, classification: "not_allowed", category: "page_content", description: "page 1 content changed" }],
        }),
        ...Array.from({ length: 7 }, (_, i) => signature(i + 2)),
      ],
    };
    const sha256 = "ab".repeat(32);
    const pdf = await reportPdf(report, { sha256, subject: "uploaded file प्रस्ताव.pdf", verifiedAt: new Date("2026-12-05T10:00:00Z") });

    expect(await qpdfCheck(pdf)).toContain("No syntax or stream encoding errors found");
    const text = await pdftotext(pdf, { layout: true });
    for (const expected of ["मोहर — सत्यापन रिपोर्ट / mohar verification report", "हस्ताक्षर 1 / Signature 1: Approver1", "हस्ताक्षर 8 / Signature 8: Approver8", "प्रमाणपत्र पर हस्ताक्षर किए / signed the certificate", "राजेश वर्मा", "uploaded file प्रस्ताव.pdf", sha256, "CN=राजेश वर्मा (0a1b): good, answer from the CA's OCSP responder", "http://127.0.0.1:8080/ocsp (answer of", "CN=mohar dev CA (02): good, answer embedded in the document (DSS)"]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toMatch(/स्थिति \/ Status\s+अमान्य \/ TOTAL_FAILED \/ SIG_CONSTRAINTS_FAILURE/);
    expect(text).toMatch(/प्रमाणपत्र \/ Certificate\s+chain yes, trusted yes/);
    expect(text).toMatch(/बाद का बदलाव \/ Change r9\s+अनुमत नहीं \/ NOT ALLOWED: page 1 content changed/);
    expect(text).toMatch(/स्थिति \/ Status\s+मान्य \/ TOTAL_PASSED/);
    // Eight signatures do not fit on one page: the report runs on, each page numbered.
    const pages = text.split("\f").filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain(`पृष्ठ / page 1 / ${pages.length}`);
    // Verdicts in colour: red for the failed one and the change not allowed, green for the valid ones.
    const content = pdf.toString("latin1");
    expect(content).toContain("0.75 0.22 0.17 rg");
    expect(content).toContain("0.16 0.54 0.16 rg");
  });
});
