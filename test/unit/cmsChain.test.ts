import { X509Certificate } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCms, RevocationSource } from "../../src/pki/index.js";
import { signDocument } from "../../src/signing/index.js";
import { chainForCms } from "../../src/signing/cmsChain.js";
import { verifyPdf } from "../../src/verification/index.js";
import { certsDev, devKey, devOfficer, lastSignatureCms } from "../helpers/devSigning.js";

/**
 * Issue #16: a signature's CMS leaves out the self-signed root when the /DSS of its update holds
 * it (B-LT): validators take roots from their trust anchors, and the /DSS keeps it in the file.
 * Without a /DSS the chain goes in whole.
 */
describe("the certificates a signature's CMS carries", () => {
  it("leaves out the root the /DSS holds, keeps it without a /DSS, and verifies either way", async () => {
    const officer = await devOfficer("anita-sharma");
    const key = await devKey(officer);
    const root = new X509Certificate(await fs.readFile(path.join(certsDev, "root.pem")));
    const letter = await fs.readFile("samples/draft-letter-en.pdf");
    const revocation = RevocationSource.fromDir(path.join(certsDev, "crl"));
    expect(key.chain.some((c) => c.equals(root.raw))).toBe(true);

    const withDss = await signDocument({ pdf: letter, key, officer: officer.identity, revocation });
    const bare = await signDocument({ pdf: letter, key, officer: officer.identity });
    const carried = (pdf: Buffer): Buffer[] => parseCms(lastSignatureCms(pdf)).certificates;
    expect(carried(withDss.pdf).some((c) => c.equals(root.raw))).toBe(false);
    expect(carried(withDss.pdf)).toHaveLength(key.chain.length);
    expect(carried(bare.pdf).some((c) => c.equals(root.raw))).toBe(true);
    expect(carried(bare.pdf)).toHaveLength(1 + key.chain.length);

    // A second signature on the first: its /DSS already holds the root, and both stay valid.
    const twice = await signDocument({ pdf: withDss.pdf, key, officer: officer.identity, revocation });
    expect(carried(twice.pdf).some((c) => c.equals(root.raw))).toBe(false);
    const report = verifyPdf(twice.pdf, { trustAnchors: [root] });
    expect(report.signatures.map((s) => [s.status, s.certificate.trusted])).toEqual([
      ["TOTAL_PASSED", true],
      ["TOTAL_PASSED", true],
    ]);
  });

  it("keeps a certificate it cannot parse or check, rather than failing the signature", async () => {
    const officer = await devOfficer("anita-sharma");
    const key = await devKey(officer);
    const root = Buffer.from(new X509Certificate(await fs.readFile(path.join(certsDev, "root.pem"))).raw);
    const unreadable = Buffer.from("not a certificate");
    const others = key.chain.filter((c) => !c.equals(root));
    const chain = [...others, unreadable, root];
    expect(chainForCms(chain, { certs: chain, crls: [], ocsps: [] })).toEqual([...others, unreadable]);
  });
});
