import fs from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";

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

export interface ConsolePage {
  page: Page;
  /** Page errors and console errors seen so far: a test ends by expecting none. */
  errors: string[];
}

/** A fresh browser context (own cookies) on the console; page errors and console errors are collected. */
export async function openConsole(browser: Browser, url: string, opts: { allowedErrors?: RegExp[]; context?: BrowserContextOptions } = {}): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true, ...opts.context });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !(opts.allowedErrors ?? []).some((re) => re.test(m.text()))) errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${url}/`);
  return { page, errors };
}

export async function signInWith(page: Page, credential: string): Promise<void> {
  await page.fill("#credential", credential);
  await page.click("#signInForm button[type=submit]");
  await page.waitForSelector("#tabs:not([hidden])");
}

export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), ...opts });
}
