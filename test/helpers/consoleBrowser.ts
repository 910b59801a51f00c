import fs from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type CDPSession, type Page } from "playwright-core";

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = "/usr/bin/chromium";
/** Screenshots of the console tests (git-ignored; the README's copies are under docs/). */
export const ARTIFACTS = path.resolve("test-artifacts/console");

/** Headless Chromium with a fresh temporary profile of its own (removed on close), talking to nothing but loopback. */
export async function launchChromium(): Promise<Browser> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** What Chromium logs for an answer of 4xx: expected where the page explains the refusal. */
export const FAILED_LOAD = /Failed to load resource: the server responded with a status of 4\d\d/;

export interface ConsolePage {
  page: Page;
  /** Page errors and console errors seen so far: a test ends by expecting none. */
  errors: string[];
  /** Console errors that are expected (e.g. the browser's "Failed to load resource" for a 4xx the page explains); may be changed between steps. */
  allowedErrors: RegExp[];
}

/** A fresh browser context (own cookies) on the console; page errors and console errors are collected. */
export async function openConsole(browser: Browser, url: string, opts: { allowedErrors?: RegExp[]; context?: BrowserContextOptions } = {}): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true, ...opts.context });
  const page = await context.newPage();
  const opened: ConsolePage = { page, errors: [], allowedErrors: opts.allowedErrors ?? [] };
  page.on("pageerror", (e) => opened.errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !opened.allowedErrors.some((re) => re.test(m.text()))) opened.errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${url}/`);
  return opened;
}

export async function signInWith(page: Page, credential: string): Promise<void> {
  await page.fill("#credential", credential);
  await page.click("#signInForm button[type=submit]");
  await page.waitForSelector("#tabs:not([hidden])");
}

export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), ...opts });
}

/**
 * A finger drawn across the page from `a` to `b` (CSS pixels), as touch events that Chromium turns
 * into pointer events. The finger rests at `b` before it lifts, as a hand placing a box does:
 * lifted while moving, Chromium starts a fling, and the next tap only stops the fling (no click).
 * The events carry their own timestamps (50 ms apart), so nothing waits in real time.
 */
export async function touchDrag(cdp: CDPSession, a: { x: number; y: number }, b: { x: number; y: number }): Promise<void> {
  const t0 = Date.now() / 1000;
  const at = (i: number, p: { x: number; y: number }) => ({ touchPoints: [{ ...p, id: 7 }], timestamp: t0 + i * 0.05 });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", ...at(0, a) });
  for (let i = 1; i <= 5; i++) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", ...at(i, { x: a.x + ((b.x - a.x) * i) / 5, y: a.y + ((b.y - a.y) * i) / 5 }) });
  for (let i = 6; i <= 9; i++) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", ...at(i, b) });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [], timestamp: t0 + 0.5 });
}

/** One DevTools session per page for the accessibility checks (a page is checked many times). */
const axSessions = new WeakMap<Page, Promise<CDPSession>>();

/** Every control Chromium's accessibility tree shows on the page: none may be without a name. */
export async function unnamedControls(page: Page): Promise<string[]> {
  let session = axSessions.get(page);
  if (!session) axSessions.set(page, (session = page.context().newCDPSession(page)));
  const { nodes } = (await (await session).send("Accessibility.getFullAXTree")) as { nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[] };
  const controls = new Set(["textbox", "combobox", "spinbutton", "button", "checkbox", "searchbox", "listbox", "slider", "link"]);
  return nodes.filter((n) => !n.ignored && controls.has(n.role?.value ?? "") && !(n.name?.value ?? "").trim()).map((n) => n.role?.value ?? "?");
}
