import { sign as nodeSign } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import type { Browser, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePkcs12 } from "../../src/pki/index.js";
import { ARTIFACTS, CHROMIUM, launchChromium, openConsole, shot, signInWith } from "../helpers/consoleBrowser.js";
import { DEV_P12_PASSWORD, devOfficer } from "../helpers/devSigning.js";
import { haveTool } from "../helpers/interopTools.js";
import { startTestServer, TEST_OFFICER_ID, type Role, type TestServer } from "../helpers/server.js";

// With MOHAR_REQUIRE_INTEROP=1 (CI) a missing browser fails the run instead of skipping these tests.
const haveChromium = await haveTool(CHROMIUM);
const DAY_MS = 86_400_000;
const FILE_NUMBER = "F.No. 3/7/2026-Estt.";

let srv: TestServer;
let browser: Browser;
/** How far the server's clock for files runs behind or ahead of the real one (to give the file a history). */
let clockMs = 0;
let notesheetId = "";
/** Set once the tablet test has signed the notesheet (version 2), which the verification test reads. */
let signedOnTablet = false;

async function call<T>(as: Role, pathAndQuery: string, body?: unknown, form?: FormData): Promise<T> {
  const init: RequestInit = body !== undefined ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : form ? { method: "POST", body: form } : {};
  const res = await srv.request(pathAndQuery, { ...init, as });
  if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** IST calendar date `days` from the real now. */
const istDate = (days: number): string => new Date(Date.now() + 5.5 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);

/**
 * A file with a history, made through the API on a clock set back: opened five days ago with the
 * Hindi notesheet, sent to the Estt-II section, taken there, and sent on to the officer a day and
 * a half ago with yesterday as its due date (so it is overdue now).
 */
async function fileWithHistory(): Promise<void> {
  const form = new FormData();
  form.set("file", new Blob([await readFile("samples/notesheet-hi.pdf")], { type: "application/pdf" }), "notesheet-hi.pdf");
  form.set("title", "Notesheet: leave rules");
  form.set("fileNumber", FILE_NUMBER);
  form.set("kind", "notesheet");
  notesheetId = (await call<{ id: string }>("clerk", "/v1/documents", undefined, form)).id;
  clockMs = -5 * DAY_MS;
  const file = await call<{ id: string }>("clerk", "/v1/files", { fileNumber: FILE_NUMBER, subject: "वार्षिक अवकाश नियमों में संशोधन", office: "Collectorate Jaipur", section: "Estt-II" });
  await call("clerk", `/v1/files/${file.id}/documents`, { documentId: notesheetId });
  clockMs = -3.4 * DAY_MS;
  await call("clerk", `/v1/files/${file.id}/movements`, { toSection: "Estt-II", remarks: "टिप्पणी हेतु" });
  clockMs = -3 * DAY_MS;
  await call("clerk", `/v1/files/${file.id}/receive`, {});
  clockMs = -1.5 * DAY_MS;
  await call("clerk", `/v1/files/${file.id}/movements`, { toOfficer: TEST_OFFICER_ID, remarks: "कृपया अनुमोदन करें", dueDate: istDate(-1) });
  clockMs = 0;
}

/** A finger drawn across the page from `a` to `b` (CSS pixels): touch events, which Chromium turns into pointer events. */
async function touchDrag(cdp: CDPSession, a: { x: number; y: number }, b: { x: number; y: number }): Promise<void> {
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ ...a, id: 7 }] });
  for (let i = 1; i <= 5; i++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: a.x + ((b.x - a.x) * i) / 5, y: a.y + ((b.y - a.y) * i) / 5, id: 7 }] });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

/** Every control Chromium's accessibility tree shows on the page: none may be without a name. */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[] };
  await cdp.detach();
  const controls = new Set(["textbox", "combobox", "spinbutton", "button", "checkbox", "searchbox", "listbox", "slider", "link"]);
  return nodes.filter((n) => !n.ignored && controls.has(n.role?.value ?? "") && !(n.name?.value ?? "").trim()).map((n) => n.role?.value ?? "?");
}

describe.skipIf(!haveChromium)("console pages in headless Chromium: file timeline, tablet signing, verify, audit proof, reports, admin", () => {
  // Separate hooks, each with its own time limit: on a busy machine the database's first use alone can take a while.
  beforeAll(async () => {
    srv = await startTestServer({}, { now: () => new Date(Date.now() + clockMs) });
  });
  beforeAll(async () => {
    expect((await srv.request("/v1/officers/me/pending", { as: "clerk" })).status).toBe(200);
  });
  beforeAll(async () => {
    browser = await launchChromium();
  });
  beforeAll(fileWithHistory);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it("on a tablet, an officer opens the overdue file, sees the notesheet and the timeline chart, and signs with a finger", async () => {
    const { page, errors } = await openConsole(browser, srv.url, { context: { viewport: { width: 800, height: 1280 }, hasTouch: true, isMobile: true } });
    await signInWith(page, srv.keys.officer);
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
    // Pressed with click(): after a touch drag sent over CDP, headless Chromium does not reliably turn
    // Playwright's synthetic tap into a click (1 run in 4 here); the drag itself is the touch under test.
    await page.locator("#signSubmit").click();
    // Signing (a Devanagari appearance, a timestamp) takes about a second; far longer on a loaded machine.
    await page.waitForSelector("#message:not([hidden])", { timeout: 90_000 });
    expect(await page.getAttribute("#message", "class"), (await page.textContent("#message")) ?? "").toBe("ok");

    const doc = await call<{ versions: { n: number; action: string }[] }>("auditor", `/v1/documents/${notesheetId}`);
    expect(doc.versions.map((v) => v.action)).toEqual(["upload", "signature"]);
    const signed = await PDFDocument.load(Buffer.from(await (await srv.request(`/v1/documents/${notesheetId}/versions/2/content`, { as: "auditor" })).arrayBuffer()));
    const { width, height } = signed.getPage(0).getSize();
    const rect = JSON.parse((await page.getAttribute("#signBox", "data-rect")) as string) as number[];
    // The finger's box, in PDF points (y up from the bottom): the lower right of the page.
    [0.5 * width, 0.1 * height, 0.9 * width, 0.2 * height].forEach((v, i) => expect(Math.abs((rect[i] as number) - v)).toBeLessThan(3));
    signedOnTablet = true;
    expect(errors).toEqual([]);
  }, 150_000);

  it("an auditor sees each signature as a card in words and colour, and downloads the report as JSON and as a PDF", async () => {
    expect(signedOnTablet).toBe(true);
    const { page, errors } = await openConsole(browser, srv.url);
    await signInWith(page, srv.keys.auditor);
    const pdf = Buffer.from(await (await srv.request(`/v1/documents/${notesheetId}/versions/2/content`, { as: "auditor" })).arrayBuffer());
    await page.setInputFiles("#verifyPdf", { name: "notesheet-signed.pdf", mimeType: "application/pdf", buffer: pdf });
    await page.click("#verifyForm button[type=submit]");
    const card = page.locator(".card.signature.TOTAL_PASSED");
    await card.waitFor();
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("ANITA SHARMA");
    expect(text).toContain("document unchanged since signing");
    expect(text).toContain("trusted");
    expect(text).toContain("अनुमोदित");
    expect(await card.locator(".chain li").count()).toBeGreaterThanOrEqual(2);
    expect(await card.locator("div", { hasText: "Revocation" }).locator(".good, .unsure").count()).toBe(1);
    await shot(page, "verify-report", { fullPage: true });

    const [json] = await Promise.all([page.waitForEvent("download"), page.click("#reportJson")]);
    const report = JSON.parse(await readFile((await json.path()) as string, "utf8")) as { status: string };
    expect(report.status).toBe("TOTAL_PASSED");
    const [pdfReport] = await Promise.all([page.waitForEvent("download"), page.click("#reportPdf")]);
    expect(pdfReport.suggestedFilename()).toBe("verification-report.pdf");
    const bytes = await readFile((await pdfReport.path()) as string);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await PDFDocument.load(bytes)).getTitle()).toBe("mohar verification report");
    expect(errors).toEqual([]);
  });

  it("an officer signs in two phases: the page shows what the token must sign, and completes with the token's signature", async () => {
    expect(signedOnTablet).toBe(true);
    const { page, errors } = await openConsole(browser, srv.url);
    await signInWith(page, srv.keys.officer);
    await page.click('#tabs [data-page="sign"]');
    await page.fill("#signDoc", notesheetId);
    await page.click("#signLoad");
    await page.waitForSelector("#signCanvas[data-page='1']");
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
    const doc = await call<{ versions: { action: string }[] }>("auditor", `/v1/documents/${notesheetId}`);
    expect(doc.versions.map((v) => v.action)).toEqual(["upload", "signature", "signature"]);
    expect(errors).toEqual([]);
  }, 150_000);

  it("an auditor checks the checkpoint's signature and an entry's inclusion proof in the browser", async () => {
    const { page, errors } = await openConsole(browser, srv.url, { allowedErrors: [/status of 400/] });
    await signInWith(page, srv.keys.auditor);
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
    expect(errors).toEqual([]);
  });

  it("the pendency and activity reports show as tables and download as CSV", async () => {
    const { page, errors } = await openConsole(browser, srv.url);
    await signInWith(page, srv.keys.auditor);
    await page.click('#tabs [data-page="reports"]');
    await page.click("#pendencyForm button[type=submit]");
    const officerRow = page.locator("#pendencyTable tbody tr", { hasText: TEST_OFFICER_ID });
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
    expect(errors).toEqual([]);
  });

  it("an administrator sees certificate validity, creates a key (shown once) and revokes it; bad input gets a message", async () => {
    const { page, errors } = await openConsole(browser, srv.url, { allowedErrors: [/status of 4\d\d/] });
    await signInWith(page, srv.keys.admin);
    await page.click('#tabs [data-page="admin"]');
    const expired = page.locator("#officersTable tr[data-officer-id='expired-officer']");
    await expired.waitFor();
    expect(await expired.textContent()).toContain("certificate expired");
    expect(await page.textContent("#officersTable tr[data-officer-id='anita-sharma']")).toContain("certificate valid");

    await page.selectOption("#keyRole", "clerk");
    await page.fill("#keyName", "Dak clerk, Estt-II");
    await page.click("#keyForm button[type=submit]");
    const key = await page.locator("#newKeyValue").inputValue();
    expect(key).toMatch(/^mohar_[0-9a-f]{16}_/);
    expect((await srv.request("/v1/officers", { key })).status).toBe(200);
    const keyId = key.slice(6, 22);
    await shot(page, "admin");
    await page.click(`#keysTable tr[data-key-id='${keyId}'] button`);
    await page.locator(`#keysTable tr[data-key-id='${keyId}'].revoked`).waitFor();
    expect((await srv.request("/v1/officers", { key })).status).toBe(401);

    // An officer key for an officer who does not exist; a certificate that is not one.
    await page.selectOption("#keyRole", "officer");
    await page.fill("#keyOfficer", "no-such-officer");
    await page.click("#keyForm button[type=submit]");
    await page.locator("#message:not([hidden])", { hasText: "no-such-officer" }).waitFor();
    for (const [id, value] of [["#offId", "new-officer"], ["#offName", "नया अधिकारी"], ["#offDesignation", "Under Secretary"], ["#offDepartment", "Revenue"], ["#offP12", "new-officer.p12"], ["#offCert", "not a certificate"]]) {
      await page.fill(id as string, value as string);
    }
    await page.click("#officerForm button[type=submit]");
    await page.locator("#message:not([hidden])", { hasText: /certificate|PEM/i }).waitFor();
    expect(errors).toEqual([]);
  });

  it("every page works from the keyboard and names every control for screen readers, in English and Hindi", async () => {
    const { page, errors } = await openConsole(browser, srv.url);
    expect(await unnamedControls(page)).toEqual([]);
    await page.focus("#credential");
    await page.keyboard.type(srv.keys.admin);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#tabs:not([hidden])");
    // Tab from the language switch to the Verify tab, and open it with Enter.
    await page.focus("#lang");
    for (let i = 0; i < 12 && (await page.evaluate("document.activeElement?.dataset?.page")) !== "verify"; i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#verify:not([hidden])");
    // The signing box without a mouse: Enter on the page places it (180 x 60 pt), an arrow key moves it 10 pt.
    await page.click('#tabs [data-page="sign"]');
    await page.fill("#signDoc", notesheetId);
    await page.click("#signLoad");
    await page.waitForSelector("#signCanvas[data-page='1']");
    await page.focus("#signCanvas");
    await page.keyboard.press("Enter");
    const placed = JSON.parse((await page.getAttribute("#signBox", "data-rect")) as string) as number[];
    expect([placed[2]! - placed[0]!, placed[3]! - placed[1]!].map(Math.round)).toEqual([180, 60]);
    await page.keyboard.press("ArrowLeft");
    const moved = JSON.parse((await page.getAttribute("#signBox", "data-rect")) as string) as number[];
    expect(moved.map((v, i) => Math.round(v - placed[i]!))).toEqual([-10, 0, -10, 0]);
    for (const lang of ["en", "hi"]) {
      if (lang === "hi") await page.click("#lang");
      for (const tab of ["desk", "documents", "sign", "verify", "audit", "reports", "admin"]) {
        await page.click(`#tabs [data-page="${tab}"]`);
        await page.waitForSelector(`#${tab}:not([hidden])`);
        expect({ lang, tab, unnamed: await unnamedControls(page) }).toEqual({ lang, tab, unnamed: [] });
      }
    }
    expect(await page.getAttribute("#tabs", "aria-label")).toBe("पृष्ठ");
    expect(await page.textContent('#tabs [data-page="admin"]')).toBe("प्रशासन");
    expect(errors).toEqual([]);
  });
});
