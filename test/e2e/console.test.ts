import { sign as nodeSign } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePkcs12 } from "../../src/pki/index.js";
import { ARTIFACTS, CHROMIUM, FAILED_LOAD, launchChromium, openConsole, shot, signInWith, touchDrag, type ConsolePage } from "../helpers/consoleBrowser.js";
import { DEV_P12_PASSWORD, devOfficer } from "../helpers/devSigning.js";
import { haveTool, pdftotext } from "../helpers/interopTools.js";
import { startTestServer, TEST_OFFICER_ID, type Role, type TestServer } from "../helpers/server.js";
import { keyboardThenAdmin } from "./consoleAdmin.js";
import { call, DAY_MS, FILE_NUMBER, fileWithHistory, istDate, latestVersion, signatureRect, twoPagePdf } from "./consoleFixtures.js";

// With MOHAR_REQUIRE_INTEROP=1 (CI) a missing browser or poppler fails the run instead of skipping these tests.
const tools = (await haveTool(CHROMIUM)) && (await haveTool("pdftotext"));

// One mohar and one Chromium for every scenario; each person has one browser context (own cookies),
// signed in once and used for all they do, as they would use the console through a day.
let srv: TestServer;
let browser: Browser;
/** How far the server's clock for files runs from the real one (to give a file a history, or see it fall overdue). */
let clockMs = 0;
let notesheetId = "";
/** The file with a history (see fileWithHistory), made through the API while the first scenario runs in the browser. */
let history: Promise<void>;
let signedId = "";
let clerk: ConsolePage;
let officer: ConsolePage;
let auditor: ConsolePage;

async function signedInAs(role: Role | null, opts: { allowedErrors?: RegExp[]; context?: BrowserContextOptions } = {}): Promise<ConsolePage> {
  const opened = await openConsole(browser, srv.url, opts);
  if (role) await signInWith(opened.page, srv.keys[role]);
  return opened;
}

describe.skipIf(!tools)("web console in headless Chromium", () => {
  beforeAll(async () => {
    [srv, browser] = await Promise.all([startTestServer({}, { now: () => new Date(Date.now() + clockMs) }), launchChromium()]);
    history = fileWithHistory(srv, (ms) => (clockMs = ms)).then((id) => void (notesheetId = id));
    history.catch(() => undefined); // awaited by the second scenario, which fails if it did
  });
  afterAll(() => Promise.all([browser?.close(), srv?.close()]));

  it("a clerk uploads a draft, an officer drags a box on the rotated page and signs there", async () => {
    [clerk, officer] = await Promise.all([signedInAs("clerk"), signedInAs("officer")]);
    // Clerks and officers start at their desk.
    await Promise.all([clerk.page.waitForSelector("#desk:not([hidden])"), officer.page.waitForSelector("#desk:not([hidden])")]);
    const c = clerk.page;
    await c.click('#tabs [data-page="documents"]');
    await c.fill("#upTitle", "Purchase of laptops");
    await c.fill("#upFile", "F.No. 7/1/2026-Console");
    await c.setInputFiles("#upPdf", { name: "note.pdf", mimeType: "application/pdf", buffer: await twoPagePdf() });
    await c.click("#uploadForm button[type=submit]");
    const item = c.locator("#docList li[data-document-id]");
    signedId = (await item.getAttribute("data-document-id")) as string;
    await item.locator("button").first().click();
    await c.waitForSelector("#docView canvas");
    await shot(c, "documents");
    expect(clerk.errors).toEqual([]);

    const o = officer.page;
    await o.click('#tabs [data-page="sign"]');
    await o.fill("#signDoc", signedId);
    await o.click("#signLoad");
    await o.waitForSelector("#signCanvas[data-page='1']");
    await o.fill("#signPage", "2");
    await o.dispatchEvent("#signPage", "change");
    await o.waitForSelector("#signCanvas[data-page='2']");
    await o.fill("#signReason", "अनुमोदित");
    const box = (await o.locator("#signCanvas").boundingBox()) as { x: number; y: number; width: number; height: number };
    // Shown rotated 90°: 842 pt wide, 595 pt tall; the box in CSS pixels from the canvas corner.
    expect(box.width / box.height).toBeCloseTo(842 / 595, 2);
    const s = box.width / 842;
    const [dx1, dy1, dx2, dy2] = [500, 80, 740, 160];
    await o.mouse.move(box.x + dx1 * s, box.y + dy1 * s);
    await o.mouse.down();
    await o.mouse.move(box.x + dx2 * s, box.y + dy2 * s, { steps: 5 });
    await o.mouse.up();
    await shot(o, "sign");
    await o.click("#signSubmit");
    await o.waitForSelector("#message.ok:not([hidden])");
    await o.waitForSelector("#docView canvas");
    expect(officer.errors).toEqual([]);

    // /Rotate 90 turns the page clockwise: user x runs down the screen, user y runs right.
    const rect = await signatureRect(await latestVersion(srv, signedId), 1);
    const expected = [dy1, dx1, dy2, dx2];
    rect.forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThan(1.5));
  });

  it("an auditor verifies the signed PDF: TOTAL_PASSED, each signature as a card in words and colour, the report as JSON and as a PDF; a tampered copy fails", async () => {
    await history;
    expect(signedId).not.toBe("");
    const signed = await latestVersion(srv, signedId);
    auditor = await signedInAs("auditor");
    const a = auditor.page;
    await a.setInputFiles("#verifyPdf", { name: "signed.pdf", mimeType: "application/pdf", buffer: signed });
    await a.click("#verifyForm button[type=submit]");
    const card = a.locator(".card.signature.TOTAL_PASSED");
    await card.waitFor();
    expect(await a.locator(".card.overall").textContent()).toContain("TOTAL_PASSED");
    expect(await a.locator(".card.signature").count()).toBe(1);
    const text = (await card.textContent()) ?? "";
    // Which source answered for the signer's certificate (#15): mohar put the CRL in the /DSS.
    expect(text).toContain("not revoked (answer embedded in the document (DSS), ");
    for (const words of ["ANITA SHARMA", "document unchanged since signing", "trusted", "अनुमोदित"]) expect(text).toContain(words);
    expect(await card.locator(".chain li").count()).toBeGreaterThanOrEqual(2);
    expect(await card.locator("div", { hasText: "Revocation" }).locator(".good, .unsure").count()).toBe(1);
    await shot(a, "verify");
    await shot(a, "verify-report", { fullPage: true });

    const [json] = await Promise.all([a.waitForEvent("download"), a.click("#reportJson")]);
    expect((JSON.parse(await readFile((await json.path()) as string, "utf8")) as { status: string }).status).toBe("TOTAL_PASSED");
    const [pdfReport] = await Promise.all([a.waitForEvent("download"), a.click("#reportPdf")]);
    expect(pdfReport.suggestedFilename()).toBe("verification-report.pdf");
    const bytes = await readFile((await pdfReport.path()) as string);
    expect((await PDFDocument.load(bytes)).getTitle()).toBe("mohar verification report");
    // The same writer as the weekly statement: the Hindi reads back as signed, conjuncts included.
    const words = await pdftotext(bytes, { layout: true });
    expect(words).toMatch(/हस्ताक्षर 1 \/ Signature 1: /);
    expect(words).toMatch(/प्रमाणपत्र \/ Certificate\s+chain yes, trusted yes/);
    expect(words).toContain("अनुमोदित");

    const tampered = Buffer.from(signed);
    const at = tampered.indexOf("Page 1 of the console");
    // The text is in a compressed stream when pdf-lib compresses; flip a byte of the first revision either way.
    tampered[at > 0 ? at : 400] ^= 0x01;
    await a.setInputFiles("#verifyPdf", { name: "tampered.pdf", mimeType: "application/pdf", buffer: tampered });
    await a.click("#verifyForm button[type=submit]");
    await a.locator(".card.overall:not(.TOTAL_PASSED)").waitFor();
    expect(await a.locator(".card.overall").getAttribute("class")).toMatch(/TOTAL_FAILED|INDETERMINATE/);
    expect(auditor.errors).toEqual([]);
  });

  it("switches to Hindi, drawn in the bundled Devanagari font; explains a wrong key and a file that is not a PDF, and keeps the key out of URLs and storage", async () => {
    const { page, errors } = await signedInAs(null, { allowedErrors: [FAILED_LOAD] });
    await page.fill("#credential", "mohar_wrongkey_wrongsecret");
    await page.click("#signInForm button[type=submit]");
    await page.waitForSelector("#message:not([hidden])");
    expect(await page.textContent("#message")).toMatch(/\S/);
    await page.click("#lang");
    expect(await page.getAttribute("html", "lang")).toBe("hi");
    expect(await page.textContent("#signInTitle")).toBe("साइन इन करें");
    // Browser-side expressions as strings: the test code is compiled without the DOM library.
    await page.evaluate("document.fonts.ready");
    expect(await page.evaluate(`document.fonts.check('16px "Noto Sans Devanagari"', "साइन")`)).toBe(true);
    await signInWith(page, srv.keys.auditor);
    expect(await page.textContent("#verifyTitle")).toBe("सत्यापन");
    await shot(page, "hindi");
    await page.setInputFiles("#verifyPdf", { name: "x.pdf", mimeType: "application/pdf", buffer: Buffer.from("hello, not a pdf") });
    await page.click("#verifyForm button[type=submit]");
    await page.locator("#message", { hasText: /PDF/i }).waitFor();
    const stored = await page.evaluate<string>("JSON.stringify({ url: location.href, local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })");
    expect(stored).not.toContain(srv.keys.auditor);
    expect(stored).not.toContain("mohar_session");
    expect(errors).toEqual([]);
  });

  it("a clerk opens a file, adds a draft and forwards it; the officer finds it on their desk, overdue in red, and receives it", async () => {
    const c = clerk.page;
    await c.click('#tabs [data-page="desk"]');
    await c.fill("#newFileNumber", "F.No. 9/2/2026-Desk");
    await c.fill("#newFileSubject", "जिला अस्पताल की छत की मरम्मत");
    await c.fill("#newFileOffice", "Collectorate Ajmer");
    await c.click("#openFileForm button[type=submit]");
    await c.waitForSelector("#fileView:not([hidden]) #fileTimeline li[data-step='1']");
    await c.fill("#fileUpTitle", "Estimate for the roof");
    await c.setInputFiles("#fileUpPdf", { name: "estimate.pdf", mimeType: "application/pdf", buffer: await twoPagePdf() });
    await c.click("#fileUploadForm button[type=submit]");
    const documentId = (await c.locator("#fileDocs li[data-document-id]").getAttribute("data-document-id")) as string;
    await c.selectOption("#forwardKind", "officer");
    await c.fill("#forwardTo", TEST_OFFICER_ID);
    await c.fill("#forwardRemarks", "कृपया अनुमोदन करें");
    await c.fill("#forwardDue", istDate(1));
    await c.click("#forwardForm button[type=submit]");
    const step2 = c.locator("#fileTimeline li[data-step='2']");
    expect(await step2.textContent()).toContain(TEST_OFFICER_ID);
    expect(await step2.textContent()).toContain("कृपया अनुमोदन करें");
    await shot(c, "file");
    // The clerk no longer holds the file: no actions are offered.
    expect(await c.locator("#fileActions button").count()).toBe(0);
    expect(clerk.errors).toEqual([]);

    // Three days on, the due date has passed.
    clockMs = 3 * DAY_MS;
    const o = officer.page;
    try {
      await o.click('#tabs [data-page="desk"]');
      await o.click("#deskRefresh");
      const row = o.locator("#deskRows tr", { hasText: "F.No. 9/2/2026-Desk" });
      await row.waitFor();
      expect(await row.getAttribute("class")).toBe("overdue");
      const text = (await row.textContent()) ?? "";
      for (const words of ["overdue", "Not yet received", "3.0"]) expect(text).toContain(words);
      // Drawn in red: the row's cells carry the overdue colour.
      const style = (td: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(td).backgroundColor;
      expect(await row.locator("td").first().evaluate(style)).toBe("rgb(253, 226, 225)");
      await shot(o, "desk");

      await row.locator("button").click();
      await o.waitForSelector("#fileView:not([hidden]) #fileTimeline li[data-step='2']");
      await o.click("#fileActions button[data-action='receive']");
      await o.locator("#fileTimeline li[data-step='2']", { hasText: "Received" }).waitFor();
      await row.filter({ hasText: /Received/ }).waitFor();
      // Received once: the button is gone; the holder may still park or close the file.
      expect(await o.locator("#fileActions button").evaluateAll((bs) => bs.map((b) => (b as unknown as { dataset: { action: string } }).dataset.action))).toEqual(["park", "close"]);

      // In Hindi, the desk and the file view are drawn again in Hindi.
      await o.click("#lang");
      await o.locator("#deskRows tr", { hasText: "समय-सीमा पार" }).first().waitFor();
      await o.locator("#fileHead", { hasText: "स्थिति" }).waitFor();
      await shot(o, "desk-hindi");

      // One click from the file to signing its draft.
      await o.click(`#fileDocs li[data-document-id='${documentId}'] button:has-text("हस्ताक्षर")`);
      await o.waitForSelector("#sign:not([hidden])");
      expect(await o.inputValue("#signDoc")).toBe(documentId);
      await o.click("#lang");
      expect(officer.errors).toEqual([]);
    } finally {
      clockMs = 0;
    }
  });

  it("on a tablet, an officer opens the overdue file, sees the notesheet and the timeline chart, and signs with a finger", async () => {
    const { page, errors } = await signedInAs("officer", { context: { viewport: { width: 800, height: 1280 }, hasTouch: true, isMobile: true } });
    const row = page.locator("#deskRows tr", { hasText: FILE_NUMBER });
    await row.waitFor();
    expect(await row.getAttribute("class")).toBe("overdue");
    await shot(page, "tablet-desk");
    await row.locator("button").tap();
    // The notesheet, page by page, and one bar per hold: the clerk, the section, the clerk who took it there, the officer (still holding).
    await page.locator("#fileNotesheet canvas").nth(2).waitFor();
    expect(await page.locator("#fileNotesheet canvas").count()).toBe(3);
    const chart = page.locator("#fileChart svg[role=img]");
    expect(await chart.locator("g.hold").count()).toBe(4);
    expect(await chart.locator("#chartTitle").textContent()).toBe("Who held the file, from when to when, how long");
    const desc = (await chart.locator("desc").textContent()) ?? "";
    expect(desc).toContain("section Estt-II");
    expect(desc).toContain(`officer ${TEST_OFFICER_ID}`);
    expect(await chart.locator("g[data-step='4']").getAttribute("class")).toBe("hold current overdue");
    // The clerk at the section held it from 3 days ago to 1.5 days ago (the clock above).
    expect(await chart.locator("g[data-step='3'] .howLong").textContent()).toBe("1.5 days");
    await page.locator("#fileChart").scrollIntoViewIfNeeded();
    await page.locator("#fileChart").screenshot({ path: path.join(ARTIFACTS, "file-timeline.png") });

    // The same in Hindi: the chart is drawn again with Hindi labels.
    await page.locator("#lang").tap();
    await page.locator("#chartTitle", { hasText: "फ़ाइल किसके पास" }).waitFor({ state: "attached" });
    expect(await page.locator("#fileChart g[data-step='3'] .howLong").textContent()).toBe("1.5 दिन");
    await page.locator("#fileChart").screenshot({ path: path.join(ARTIFACTS, "file-timeline-hindi.png") });
    await page.locator("#lang").tap();

    await page.locator(`#fileDocs li[data-document-id='${notesheetId}'] button`, { hasText: "Sign" }).tap();
    await page.waitForSelector("#signCanvas[data-page='1']");
    await page.fill("#signReason", "अनुमोदित");
    // Touches land only inside the viewport: bring the page's foot into view.
    await page.evaluate("document.getElementById('signCanvas').scrollIntoView({ block: 'end' })");
    const box = (await page.locator("#signCanvas").boundingBox()) as { x: number; y: number; width: number; height: number };
    const cdp = await page.context().newCDPSession(page);
    await touchDrag(cdp, { x: box.x + box.width * 0.5, y: box.y + box.height * 0.8 }, { x: box.x + box.width * 0.9, y: box.y + box.height * 0.9 });
    await cdp.detach();
    await page.waitForSelector("#signBox[data-rect]");
    await shot(page, "tablet-sign");
    // Signed with a tap of the finger too.
    await page.locator("#signSubmit").tap();
    // Signing (a Devanagari appearance, a timestamp) takes about a second; far longer on a loaded machine.
    await page.waitForSelector("#message:not([hidden])", { timeout: 90_000 });
    expect(await page.getAttribute("#message", "class"), (await page.textContent("#message")) ?? "").toBe("ok");

    const doc = await call<{ versions: { n: number; action: string }[] }>(srv, "auditor", `/v1/documents/${notesheetId}`);
    expect(doc.versions.map((v) => v.action)).toEqual(["upload", "signature"]);
    const signed = await PDFDocument.load(await latestVersion(srv, notesheetId));
    const { width, height } = signed.getPage(0).getSize();
    const rect = JSON.parse((await page.getAttribute("#signBox", "data-rect")) as string) as number[];
    // The finger's box, in PDF points (y up from the bottom): the lower right of the page.
    [0.5 * width, 0.1 * height, 0.9 * width, 0.2 * height].forEach((v, i) => expect(Math.abs((rect[i] as number) - v)).toBeLessThan(3));
    expect(errors).toEqual([]);
  }, 150_000);

  it("an officer signs in two phases: the page shows what the token must sign, and completes with the token's signature", async () => {
    const page = officer.page;
    await page.click('#tabs [data-page="sign"]');
    // The page number is still the one chosen for the last document signed here.
    await page.fill("#signPage", "1");
    await page.fill("#signDoc", notesheetId);
    await page.click("#signLoad");
    await page.waitForSelector(`#signCanvas[data-document='${notesheetId}'][data-page='1']`);
    await page.evaluate("document.getElementById('signCanvas').scrollIntoView({ block: 'end' })");
    const box = (await page.locator("#signCanvas").boundingBox()) as { x: number; y: number; width: number; height: number };
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.8);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.9, { steps: 4 });
    await page.mouse.up();
    await page.waitForSelector("#signBox[data-rect]");
    await page.click("#signToken");
    await page.waitForSelector("#tokenPanel:not([hidden])", { timeout: 60_000 });
    expect(await page.textContent("#message")).toContain("Waiting for your token");
    await shot(page, "sign-token", { fullPage: true });
    // The test is the USB token: it signs the attributes the page shows with the officer's key.
    const { privateKey } = decodePkcs12(await readFile((await devOfficer(TEST_OFFICER_ID)).p12), DEV_P12_PASSWORD, "test");
    const attributes = Buffer.from((await page.textContent("#tokenAttrs")) as string, "base64");
    await page.fill("#tokenValue", nodeSign("sha256", attributes, privateKey).toString("base64"));
    await page.click("#tokenForm button[type=submit]");
    await page.locator("#message.ok", { hasText: "3" }).waitFor({ timeout: 90_000 });
    expect(await page.isHidden("#tokenPanel")).toBe(true);
    const doc = await call<{ versions: { action: string }[] }>(srv, "auditor", `/v1/documents/${notesheetId}`);
    expect(doc.versions.map((v) => v.action)).toEqual(["upload", "signature", "signature"]);
    expect(officer.errors).toEqual([]);
  }, 150_000);

  it("an auditor checks the checkpoint's signature and an entry's inclusion proof in the browser", async () => {
    const page = auditor.page;
    auditor.allowedErrors = [/status of 400/];
    await page.click('#tabs [data-page="audit"]');
    await page.click("#checkpointLoad");
    await page.waitForSelector("#checkpointSig [data-signed='true']");
    await page.fill("#timelineDoc", notesheetId);
    await page.click("#timelineForm button[type=submit]");
    await page.locator("#timeline li button").first().click();
    await page.waitForSelector("#proofResult [data-included='true']");
    expect(await page.textContent("#proofResult")).toContain("Checkpoint signature valid");
    await shot(page, "audit-proof");
    // An entry beyond the checkpoint: a clear message, not a blank page.
    await page.fill("#proofSeq", "999999");
    await page.click("#proofForm button[type=submit]");
    await page.locator("#message:not([hidden])", { hasText: "999999" }).waitFor();
    expect(auditor.errors).toEqual([]);
  });

  it("the pendency and activity reports show as tables and download as CSV", async () => {
    const page = auditor.page;
    auditor.allowedErrors = [];
    await page.click('#tabs [data-page="reports"]');
    await page.click("#pendencyForm button[type=submit]");
    const officerRow = page.locator("#pendencyTable tbody tr", { hasText: TEST_OFFICER_ID }).filter({ hasText: "Collectorate Jaipur" });
    await officerRow.waitFor();
    expect(await officerRow.getAttribute("class")).toBe("overdue");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#pendencyResult button.csv")]);
    const content = await readFile((await csv.path()) as string, "utf8");
    expect(content).toContain("holderId");
    expect(content).toContain(TEST_OFFICER_ID);
    await page.fill("#activityFrom", istDate(-7));
    await page.click("#activityForm button[type=submit]");
    const activity = page.locator("#activityTable tbody tr", { hasText: "Collectorate Jaipur" });
    await activity.waitFor();
    // Opened 1, received 1, forwarded 2.
    expect((await activity.locator("td").allTextContents()).slice(1, 4)).toEqual(["1", "1", "2"]);
    // The notesheet's two signatures (on the tablet, and in two phases): it carries the file's number and is attached to it, and counts once.
    expect(await page.textContent("#activityTable thead")).toContain("Signatures made");
    expect((await activity.locator("td").allTextContents())[7]).toBe("2");
    await shot(page, "reports");
    expect(auditor.errors).toEqual([]);
  });

  it("the Reports page makes the signed weekly statement and links it; without a key to sign with, or without permission, it says so in English and Hindi", async () => {
    const o = officer.page;
    await o.click('#tabs [data-page="reports"]');
    await o.fill("#pendencyOffice", "Collectorate Jaipur");
    await o.click("#statementMake");
    const made = o.locator("#statementResult [data-document-id]");
    // Signing takes about a second; far longer on a loaded machine.
    await made.waitFor({ timeout: 90_000 });
    expect(await o.textContent("#message")).toContain("Signed statement stored");
    const id = (await made.getAttribute("data-document-id")) as string;
    const doc = await call<{ fileNumber: string; versions: { action: string }[] }>(srv, "auditor", `/v1/documents/${id}`);
    expect(doc.fileNumber).toMatch(/^PENDENCY\/Collectorate Jaipur\/\d{4}-\d{2}-\d{2}$/);
    expect(doc.versions.map((v) => v.action)).toEqual(["signature"]);
    expect(await made.textContent()).toContain(doc.fileNumber);
    await shot(o, "statement");
    const [download] = await Promise.all([o.waitForEvent("download"), o.click("#statementDownload")]);
    const words = await pdftotext(await readFile((await download.path()) as string), { layout: true });
    expect(words).toContain("साप्ताहिक बकाया विवरण / Weekly arrear statement");
    expect(words).toContain("कार्यालय / Office: Collectorate Jaipur");
    await made.locator("button").click();
    await o.locator("#documents:not([hidden]) #docView", { hasText: doc.fileNumber }).locator("canvas").first().waitFor();
    expect(officer.errors).toEqual([]);

    // The auditor is bound to no officer and this mohar has no office seal: 409 report.no_signer, said in words.
    const a = auditor.page;
    auditor.allowedErrors = [FAILED_LOAD];
    await a.click("#statementMake");
    await a.locator("#message:not([hidden])", { hasText: "No key to sign the statement with" }).waitFor();
    await a.click("#lang");
    await a.click("#statementMake");
    await a.locator("#message:not([hidden])", { hasText: "कार्यालय मुहर" }).waitFor();
    expect(await a.textContent("#statementResult")).toBe("");
    await a.click("#lang");
    expect(auditor.errors).toEqual([]);

    // A clerk may not have reports made (403), were the button reached.
    clerk.allowedErrors = [FAILED_LOAD];
    await clerk.page.evaluate("document.getElementById('statementMake').click()");
    await clerk.page.locator("#message:not([hidden])", { hasText: "You do not have permission for this." }).waitFor();
    expect(clerk.errors).toEqual([]);
  }, 150_000);

  it("every page works from the keyboard and names every control for screen readers, in English and Hindi; an administrator sees certificate validity, creates a key (shown once) and revokes it; bad input gets a message", async () => {
    await keyboardThenAdmin(await signedInAs(null), srv, notesheetId);
  });
});
