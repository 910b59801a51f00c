import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { isMoharError } from "../../src/errors.js";
import { inspectPdf } from "../../src/pdf/index.js";
import { signDocument } from "../../src/signing/index.js";
import { verifyPdf } from "../../src/verification/index.js";
import { devKey, devOfficer } from "../helpers/devSigning.js";
import { hostileCorpus } from "../helpers/hostileCorpus.js";

/**
 * Issue #19: of 169 fuzzed uploads that were accepted, 43 could not be signed and 16 versions mohar
 * signed were then refused by its own verification (/Prev loops, xref streams with /W [0 0 0], 300
 * incremental updates). Every PDF the upload check accepts must be signable, and its signature
 * found and checked by verification; the rest must be refused with a 4xx, never a crash.
 */
describe("what is accepted is signable, and what is signed is verifiable", () => {
  it.each(["samples/draft-letter-en-classic.pdf", "samples/draft-letter-en.pdf"])("over a corpus of damaged and hostile variants of %s", async (sample) => {
    const base = fs.readFileSync(sample);
    const text = base.toString("latin1");
    const size = Number(/\/Size (\d+)/.exec(text)?.[1]);
    const root = /\/Root (\d+ \d+ R)/.exec(text)?.[1] as string;
    const key = await devKey(await devOfficer("anita-sharma"));
    const trustAnchors = [new X509Certificate(fs.readFileSync("certs-dev/root.pem"))];
    const outcome = { refused: 0, signed: 0 };
    const wrong: string[] = [];
    for (const item of hostileCorpus(base, size, root)) {
      try {
        await inspectPdf(item.pdf);
      } catch (err) {
        if (!isMoharError(err) || err.status >= 500) wrong.push(`${item.name}: refused with ${String(err)}`);
        outcome.refused++;
        continue;
      }
      try {
        const signed = (await signDocument({ pdf: item.pdf, key, officer: { officerId: "anita-sharma", name: "Anita Sharma" } })).pdf;
        const report = verifyPdf(signed, { trustAnchors });
        const mine = report.signatures.at(-1);
        if (!mine || mine.status === "TOTAL_FAILED") wrong.push(`${item.name}: signed, then ${mine ? `${mine.status}: ${mine.statusReason}` : "no signature found"} by verification`);
        else outcome.signed++;
      } catch (err) {
        wrong.push(`${item.name}: accepted, then ${String(err)}`);
      }
    }
    expect(wrong.join("\n")).toBe("");
    // The corpus exercises both sides.
    expect(outcome.refused).toBeGreaterThan(5);
    expect(outcome.signed).toBeGreaterThan(5);
  });
});
