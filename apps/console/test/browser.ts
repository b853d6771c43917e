import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { consoleDistDir } from "../dist-dir.ts";

/** Debian's Chromium (`apt-get install chromium`); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The console's build, as `npm install` / the type check leave it. */
export function builtConsole(): string {
  if (!existsSync(join(consoleDistDir, "index.html")))
    throw new Error(
      `no console build in ${consoleDistDir}: run \`npm run build -w @slms/console\``,
    );
  return consoleDistDir;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium); .ci/run does`,
    );
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
}

/** A fresh browser context (own session storage) at 1366×768, in the given language. */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  language: "zh-CN" | "en" = "en",
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    baseURL: baseUrl,
  });
  await context.addInitScript((lang) => {
    if (!localStorage.getItem("slms.language")) localStorage.setItem("slms.language", lang);
  }, language);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** Signs in through the login form and waits for the first screen. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").click();
  // `/` sends each user on to their first screen.
  await page.waitForURL((url) => !url.pathname.startsWith("/login") && url.pathname !== "/");
}
