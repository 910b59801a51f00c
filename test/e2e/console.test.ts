import { degrees, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, StandardFonts } from "pdf-lib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium, openConsole as open, shot, signInWith, type ConsolePage } from "../helpers/consoleBrowser.js";
import { haveTool } from "../helpers/interopTools.js";
import { startTestServer, TEST_OFFICER_ID, type Role, type TestServer } from "../helpers/server.js";

// With MOHAR_REQUIRE_INTEROP=1 (CI) a missing browser fails the run instead of skipping these tests.
const haveChromium = await haveTool(CHROMIUM);

/** Two A4 pages, the second with /Rotate 90, so the dragged box must be turned back into user space. */
async function twoPagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const [i, rotate] of [0, 90].entries()) {
    const page = doc.addPage([595, 842]);
    page.setRotation(degrees(rotate));
    page.drawText(`Page ${i + 1} of the console test note`, { x: 60, y: 760, size: 18, font });
  }
  return Buffer.from(await doc.save());
}

let srv: TestServer;
let browser: Browser;
/** How far the server's clock for files runs ahead of the real one (to see a file fall overdue). */
let clockAheadMs = 0;
const DAY_MS = 86_400_000;

/** A fresh browser context (own cookies) whose page fails the test on any page error or console error. */
function openConsole(allowedErrors: RegExp[] = []): Promise<ConsolePage> {
  return open(browser, srv.url, { allowedErrors });
}

function signIn(page: Page, role: Role): Promise<void> {
  return signInWith(page, srv.keys[role]);
}

async function latestVersion(id: string): Promise<Buffer> {
  const doc = (await (await srv.request(`/v1/documents/${id}`, { as: "auditor" })).json()) as { versions: { n: number }[] };
  const n = doc.versions.length;
  return Buffer.from(await (await srv.request(`/v1/documents/${id}/versions/${n}/content`, { as: "auditor" })).arrayBuffer());
}

/** /Rect of the signature widget on `pageIndex` (0-based). */
async function signatureRect(pdf: Buffer, pageIndex: number): Promise<number[]> {
  const doc = await PDFDocument.load(pdf);
  const annots = doc.getPage(pageIndex).node.lookup(PDFName.of("Annots"), PDFArray);
  for (let i = 0; i < annots.size(); i++) {
    const a = annots.lookup(i, PDFDict);
    if (a.get(PDFName.of("FT"))?.toString() === "/Sig") {
      return a.lookup(PDFName.of("Rect"), PDFArray).asArray().map((v) => (v as PDFNumber).asNumber());
    }
  }
  throw new Error("no signature widget on the page");
}

let signedId = "";

describe.skipIf(!haveChromium)("web console in headless Chromium", () => {
  beforeAll(async () => {
    srv = await startTestServer({}, { now: () => new Date(Date.now() + clockAheadMs) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it("a clerk uploads a draft, an officer drags a box on the rotated page and signs there", async () => {
    const clerk = await openConsole();
    await signIn(clerk.page, "clerk");
    await clerk.page.click('#tabs [data-page="documents"]');
    await clerk.page.fill("#upTitle", "Purchase of laptops");
    await clerk.page.fill("#upFile", "F.No. 7/1/2026-Console");
    await clerk.page.setInputFiles("#upPdf", { name: "note.pdf", mimeType: "application/pdf", buffer: await twoPagePdf() });
    await clerk.page.click("#uploadForm button[type=submit]");
    const item = await clerk.page.waitForSelector("#docList li[data-document-id]");
    signedId = (await item.getAttribute("data-document-id")) as string;
    await item.$("button").then((b) => b?.click());
    await clerk.page.waitForSelector("#docView canvas");
    await shot(clerk.page, "documents");
    expect(clerk.errors).toEqual([]);

    const officer = await openConsole();
    await signIn(officer.page, "officer");
    await officer.page.click('#tabs [data-page="sign"]');
    await officer.page.fill("#signDoc", signedId);
    await officer.page.click("#signLoad");
    await officer.page.waitForSelector("#signCanvas[data-page='1']");
    await officer.page.fill("#signPage", "2");
    await officer.page.dispatchEvent("#signPage", "change");
    await officer.page.waitForSelector("#signCanvas[data-page='2']");
    await officer.page.fill("#signReason", "अनुमोदित");
    const box = (await (await officer.page.$("#signCanvas"))?.boundingBox()) as { x: number; y: number; width: number; height: number };
    // Shown rotated 90°: 842 pt wide, 595 pt tall; the box in CSS pixels from the canvas corner.
    expect(box.width / box.height).toBeCloseTo(842 / 595, 2);
    const s = box.width / 842;
    const [dx1, dy1, dx2, dy2] = [500, 80, 740, 160];
    await officer.page.mouse.move(box.x + dx1 * s, box.y + dy1 * s);
    await officer.page.mouse.down();
    await officer.page.mouse.move(box.x + dx2 * s, box.y + dy2 * s, { steps: 5 });
    await officer.page.mouse.up();
    await shot(officer.page, "sign");
    await officer.page.click("#signSubmit");
    await officer.page.waitForSelector("#message.ok:not([hidden])");
    await officer.page.waitForSelector("#docView canvas");
    expect(officer.errors).toEqual([]);

    // /Rotate 90 turns the page clockwise: user x runs down the screen, user y runs right.
    const rect = await signatureRect(await latestVersion(signedId), 1);
    const expected = [dy1, dx1, dy2, dx2];
    rect.forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThan(1.5));
  });

  it("an auditor verifies the signed PDF (TOTAL_PASSED) and a tampered copy (failed)", async () => {
    expect(signedId).not.toBe("");
    const signed = await latestVersion(signedId);
    const auditor = await openConsole();
    await signIn(auditor.page, "auditor");
    await auditor.page.setInputFiles("#verifyPdf", { name: "signed.pdf", mimeType: "application/pdf", buffer: signed });
    await auditor.page.click("#verifyForm button[type=submit]");
    const overall = await auditor.page.waitForSelector(".card.overall");
    expect(await overall.textContent(), JSON.stringify(await (await auditor.page.$(".card.signature"))?.textContent())).toContain("TOTAL_PASSED");
    expect(await auditor.page.locator(".card.signature").count()).toBe(1);
    // Which source answered for the signer's certificate (#15): mohar put the CRL in the /DSS.
    expect(await auditor.page.locator(".card.signature").textContent()).toContain("not revoked (answer embedded in the document (DSS), ");
    await shot(auditor.page, "verify");

    const tampered = Buffer.from(signed);
    const at = tampered.indexOf("Page 1 of the console");
    // The text is in a compressed stream when pdf-lib compresses; flip a byte of the first revision either way.
    tampered[at > 0 ? at : 400] ^= 0x01;
    await auditor.page.setInputFiles("#verifyPdf", { name: "tampered.pdf", mimeType: "application/pdf", buffer: tampered });
    await auditor.page.click("#verifyForm button[type=submit]");
    await auditor.page.locator(".card.overall:not(.TOTAL_PASSED)").waitFor();
    expect(await auditor.page.locator(".card.overall").getAttribute("class")).toMatch(/TOTAL_FAILED|INDETERMINATE/);
    expect(auditor.errors).toEqual([]);
  });

  it("switches to Hindi, drawn in the bundled Devanagari font", async () => {
    const { page, errors } = await openConsole();
    await page.click("#lang");
    expect(await page.getAttribute("html", "lang")).toBe("hi");
    expect(await page.textContent("#signInTitle")).toBe("साइन इन करें");
    // Browser-side expressions as strings: the test code is compiled without the DOM library.
    await page.evaluate("document.fonts.ready");
    expect(await page.evaluate(`document.fonts.check('16px "Noto Sans Devanagari"', "साइन")`)).toBe(true);
    await signIn(page, "auditor");
    expect(await page.textContent("#verifyTitle")).toBe("सत्यापन");
    await shot(page, "hindi");
    expect(errors).toEqual([]);
  });

  it("explains a wrong key and a file that is not a PDF, and keeps the key out of URLs and storage", async () => {
    const { page, errors } = await openConsole([/Failed to load resource: the server responded with a status of (401|4\d\d)/]);
    await page.fill("#credential", "mohar_wrongkey_wrongsecret");
    await page.click("#signInForm button[type=submit]");
    await page.waitForSelector("#message:not([hidden])");
    expect(await page.textContent("#message")).toMatch(/\S/);
    await signIn(page, "auditor");
    await page.setInputFiles("#verifyPdf", { name: "x.pdf", mimeType: "application/pdf", buffer: Buffer.from("hello, not a pdf") });
    await page.click("#verifyForm button[type=submit]");
    await page.locator("#message", { hasText: /PDF/i }).waitFor();
    const key = srv.keys.auditor;
    const stored = await page.evaluate<string>("JSON.stringify({ url: location.href, local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })");
    expect(stored).not.toContain(key);
    expect(stored).not.toContain("mohar_session");
    expect(errors).toEqual([]);
  });

  it("a clerk opens a file, adds a draft and forwards it; the officer finds it on their desk, overdue in red, and receives it", async () => {
    const clerk = await openConsole();
    await signIn(clerk.page, "clerk");
    // Clerks and officers start at their desk.
    await clerk.page.waitForSelector("#desk:not([hidden])");
    await clerk.page.fill("#newFileNumber", "F.No. 9/2/2026-Desk");
    await clerk.page.fill("#newFileSubject", "जिला अस्पताल की छत की मरम्मत");
    await clerk.page.fill("#newFileOffice", "Collectorate Jaipur");
    await clerk.page.click("#openFileForm button[type=submit]");
    await clerk.page.waitForSelector("#fileView:not([hidden]) #fileTimeline li[data-step='1']");
    await clerk.page.fill("#fileUpTitle", "Estimate for the roof");
    await clerk.page.setInputFiles("#fileUpPdf", { name: "estimate.pdf", mimeType: "application/pdf", buffer: await twoPagePdf() });
    await clerk.page.click("#fileUploadForm button[type=submit]");
    const doc = await clerk.page.waitForSelector("#fileDocs li[data-document-id]");
    const documentId = (await doc.getAttribute("data-document-id")) as string;
    const tomorrow = new Date(Date.now() + 5.5 * 3_600_000 + DAY_MS).toISOString().slice(0, 10);
    await clerk.page.selectOption("#forwardKind", "officer");
    await clerk.page.fill("#forwardTo", TEST_OFFICER_ID);
    await clerk.page.fill("#forwardRemarks", "कृपया अनुमोदन करें");
    await clerk.page.fill("#forwardDue", tomorrow);
    await clerk.page.click("#forwardForm button[type=submit]");
    await clerk.page.waitForSelector("#fileTimeline li[data-step='2']");
    expect(await clerk.page.textContent("#fileTimeline li[data-step='2']")).toContain(TEST_OFFICER_ID);
    expect(await clerk.page.textContent("#fileTimeline li[data-step='2']")).toContain("कृपया अनुमोदन करें");
    await shot(clerk.page, "file");
    // The clerk no longer holds the file: no actions are offered.
    expect(await clerk.page.locator("#fileActions button").count()).toBe(0);
    expect(clerk.errors).toEqual([]);

    // Three days on, the due date has passed.
    clockAheadMs = 3 * DAY_MS;
    try {
      const officer = await openConsole();
      await signIn(officer.page, "officer");
      const row = officer.page.locator("#deskRows tr", { hasText: "F.No. 9/2/2026-Desk" });
      await row.waitFor();
      expect(await row.getAttribute("class")).toBe("overdue");
      const text = (await row.textContent()) ?? "";
      expect(text).toContain("overdue");
      expect(text).toContain("Not yet received");
      expect(text).toContain("3.0");
      // Drawn in red: the row's cells carry the overdue colour.
      const style = (td: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(td).backgroundColor;
      expect(await row.locator("td").first().evaluate(style)).toBe("rgb(253, 226, 225)");
      await shot(officer.page, "desk");

      await row.locator("button").click();
      await officer.page.waitForSelector("#fileView:not([hidden]) #fileTimeline li[data-step='2']");
      await officer.page.click("#fileActions button[data-action='receive']");
      await officer.page.locator("#fileTimeline li[data-step='2']", { hasText: "Received" }).waitFor();
      await officer.page.locator("#deskRows tr", { hasText: "Received" }).waitFor();
      // Received once: the button is gone; the holder may still park or close the file.
      expect(await officer.page.locator("#fileActions button").evaluateAll((bs) => bs.map((b) => (b as unknown as { dataset: { action: string } }).dataset.action))).toEqual(["park", "close"]);

      // In Hindi, the desk and the file view are drawn again in Hindi.
      await officer.page.click("#lang");
      await officer.page.locator("#deskRows tr", { hasText: "समय-सीमा पार" }).waitFor();
      await officer.page.locator("#fileHead", { hasText: "स्थिति" }).waitFor();
      await shot(officer.page, "desk-hindi");

      // One click from the file to signing its draft.
      await officer.page.click(`#fileDocs li[data-document-id='${documentId}'] button:has-text("हस्ताक्षर")`);
      await officer.page.waitForSelector("#sign:not([hidden])");
      expect(await officer.page.inputValue("#signDoc")).toBe(documentId);
      expect(officer.errors).toEqual([]);
    } finally {
      clockAheadMs = 0;
    }
  });
});
