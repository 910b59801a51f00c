import { createHash, sign as nodeSign } from "node:crypto";
import fs from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { digestByteRange } from "../../src/pdf/index.js";
import { assembleCms, buildSignedAttributes, decodePkcs12, keyAlgorithmOf, parseCms } from "../../src/pki/index.js";
import { completeSigning, prepareForExternalSigner } from "../../src/signing/index.js";
import { devKey, devOfficer, DEV_P12_PASSWORD, lastSignatureCms } from "../helpers/devSigning.js";
import { makePdf } from "../helpers/samplePdfs.js";
import { sessionStoreFixture } from "../helpers/sessionStoreFixture.js";

// A session for a signer whose certificate is known only once it has signed (eSign).
describe("two-phase signing without a certificate at prepare", () => {
  const f = sessionStoreFixture("mohar-external-");

  async function cmsFor(contentDigest: Buffer) {
    const officer = await devOfficer("rajesh-verma");
    const key = await devKey(officer);
    const { privateKey } = decodePkcs12(await fs.readFile(officer.p12), DEV_P12_PASSWORD, "test");
    const signedAttributes = buildSignedAttributes({ contentDigest, signerCertificate: key.certificate });
    const cms = assembleCms({ signedAttributes, signatureValue: nodeSign("sha256", signedAttributes, privateKey), signerCertificate: key.certificate, chain: [], keyAlgorithm: keyAlgorithmOf(key.certificate) });
    return { cms, officer, key };
  }

  it("returns the ByteRange digest, completes only with a CMS whose signer the caller accepts, and adds the chain it returns", async () => {
    const officer = await devOfficer("rajesh-verma");
    const prepared = await prepareForExternalSigner(f.sessions, { pdf: await makePdf(), officer: officer.identity });
    const session = await f.sessions.load(prepared.sessionId);
    expect(session.certificate).toBeUndefined();
    expect(digestByteRange(session.preparedPdf, session.byteRange).equals(prepared.contentDigest)).toBe(true);
    const { cms, key } = await cmsFor(prepared.contentDigest);

    await expect(completeSigning(f.sessions, prepared.sessionId, { signature: Buffer.alloc(256) })).rejects.toMatchObject({ code: "signing.completion_input" });
    await expect(completeSigning(f.sessions, prepared.sessionId, { cms })).rejects.toMatchObject({ code: "signature.mismatch" });
    const refused = completeSigning(f.sessions, prepared.sessionId, { cms }, { acceptSigner: () => { throw new Error("not this one"); } });
    await expect(refused).rejects.toThrow("not this one");

    let seen: Buffer | undefined;
    const done = await completeSigning(f.sessions, prepared.sessionId, { cms }, { acceptSigner: (cert) => ((seen = cert), key.chain) });
    expect(seen?.equals(key.certificate)).toBe(true);
    expect(done.signature.certificate.sha256).toBe(createHash("sha256").update(key.certificate).digest("hex"));
    // The accepted chain went into the CMS (rebuilt around the same signed attributes).
    const embedded = parseCms(lastSignatureCms(done.pdf)).certificates;
    for (const c of key.chain) expect(embedded.some((e) => e.equals(c))).toBe(true);
  });
});
