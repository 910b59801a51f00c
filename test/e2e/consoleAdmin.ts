import { expect } from "vitest";
import { FAILED_LOAD, shot, unnamedControls, type ConsolePage } from "../helpers/consoleBrowser.js";
import type { TestServer } from "../helpers/server.js";

/**
 * From the sign-in page with the keyboard only (every control named, in English and Hindi, the
 * signing box placed and moved by keys), then the Admin page in English: certificate validity, a
 * key created (shown once) and revoked, and bad input answered with a message.
 */
export async function keyboardThenAdmin(admin: ConsolePage, srv: TestServer, notesheetId: string): Promise<void> {
  const { page } = admin;
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
  expect(admin.errors).toEqual([]);

  // Back in English, the Admin page drawn again.
  await page.click("#lang");
  admin.allowedErrors = [FAILED_LOAD];
  await page.click('#tabs [data-page="admin"]');
  await page.locator("#officersTable tr[data-officer-id='expired-officer']", { hasText: "certificate expired" }).waitFor();
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
  expect(admin.errors).toEqual([]);
}
