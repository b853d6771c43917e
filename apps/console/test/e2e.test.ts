import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorld, PASSWORD, type World } from "../../../services/gateway/test/contract/world.ts";
import { ADMIN, type Harness, startHarness } from "../../../services/gateway/test/harness.ts";
import { builtConsole, launchBrowser, openPage, signIn } from "./browser.ts";

// The console as staff use it: Debian's Chromium driving the built console, served by the
// gateway, over the whole platform (every service, real PostgreSQL, RabbitMQ-free in-process
// events) with a world of two sites and a user per role made through the public API.

const LABEL = "console";
const email = (role: string, site: "a" | "b") => `${role}-${site}@${LABEL}.test`;
let h: Harness;
let world: World;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  h = await startHarness(LABEL, { consoleDir: builtConsole() });
  world = await buildWorld(h, LABEL);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function pageAs(who: string, language: "zh-CN" | "en" = "en"): Promise<Page> {
  const page = await openPage(browser, h.baseUrl, language);
  pages.push(page);
  await signIn(page, who, who === ADMIN.email ? ADMIN.password : PASSWORD);
  return page;
}

const menuTexts = async (page: Page) => {
  await page.getByRole("menu").first().waitFor();
  return (await page.getByRole("menuitem").allInnerTexts()).map((text) => text.trim());
};

describe("signing in", () => {
  it("takes each role to the screens it may use, and only those", async () => {
    const expected: [string, string[], string[]][] = [
      [email("clerk", "a"), ["Units board", "Customers", "Leases"], ["Cashier"]],
      [email("cashier", "a"), ["Cashier", "Payments"], ["Import"]],
      [email("finance", "a"), ["Billing"], ["Import"]],
      [email("site_manager", "a"), ["Units board", "Billing", "Cashier"], []],
    ];
    for (const [who, shown, hidden] of expected) {
      const page = await pageAs(who);
      expect(page.url()).toContain(`/sites/${world.a.siteId}/`);
      const menu = await menuTexts(page);
      for (const item of shown) expect(menu, `${who} sees ${item}`).toContain(item);
      for (const item of hidden) expect(menu, `${who} does not see ${item}`).not.toContain(item);
      await page.context().close();
    }
  });

  it("refuses a wrong password with a message and stays on the login form", async () => {
    const page = await openPage(browser, h.baseUrl);
    await page.goto("/login");
    await page.locator("#email").fill(email("clerk", "a"));
    await page.locator("#password").fill("not-the-password");
    await page.locator("form button[type=submit]").click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("Wrong e-mail or password");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.context().close();
  });

  it("keeps the session over a reload, and signs out", async () => {
    const page = await pageAs(email("clerk", "a"));
    await page.reload();
    await page.getByRole("heading", { name: "Units board" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    await page.goto(`/sites/${world.a.siteId}/units`);
    await page.waitForURL((url) => url.pathname === "/login");
    await page.context().close();
  });

  it("renews an expired access token with the refresh token, unseen", async () => {
    const page = await pageAs(email("clerk", "a"));
    // An access token the gateway will refuse (as an expired one is), the refresh token intact.
    await page.evaluate(() => {
      const stored = JSON.parse(sessionStorage.getItem("slms.session")!);
      sessionStorage.setItem(
        "slms.session",
        JSON.stringify({ ...stored, accessToken: `${stored.accessToken}x` }),
      );
    });
    await page.reload();
    await page.getByRole("heading", { name: "Units board" }).waitFor();
    await expect.poll(() => page.getByRole("button", { name: /^T1-/ }).count()).toBeGreaterThan(0);
    await page.context().close();
  });
});

describe("scoping", () => {
  it("shows a clerk a 403 on the cashier screen's URL", async () => {
    const page = await pageAs(email("clerk", "a"));
    await page.goto(`/sites/${world.a.siteId}/cashier`);
    await page.getByText("Your role may not use this screen").waitFor();
    await page.context().close();
  });

  it("does not let a site-A user reach site B by editing the URL", async () => {
    const page = await pageAs(email("site_manager", "a"));
    await page.goto(`/sites/${world.b.siteId}/units`);
    await page.getByText("the site is not yours").waitFor();
    const switcher = await page.locator(".ant-select").first().textContent();
    expect(switcher).not.toContain(world.b.code);
    await page.context().close();
  });

  it("lets HQ switch between all sites and each site", async () => {
    const page = await pageAs(ADMIN.email);
    expect(new URL(page.url()).pathname).toBe("/hq/dashboard");
    await page.goto(`/sites/${world.b.siteId}/units`);
    await page.getByRole("heading", { name: "Units board" }).waitFor();
    await page.context().close();
  });
});

describe("the units board", () => {
  it("shows the site's units by status and opens a unit's detail with its history", async () => {
    const page = await pageAs(email("clerk", "a"));
    const leased = page.locator(".board-unit[data-status=leased]");
    await leased.first().waitFor();
    expect(await page.locator(".board-unit").count()).toBeGreaterThanOrEqual(2);
    await leased.first().click();
    const drawer = page.locator(".ant-drawer");
    await drawer.getByText("Status history").waitFor();
    await drawer.getByText("Current lease").waitFor();
    await drawer.getByRole("button", { name: "Open lease" }).waitFor();
    await page.context().close();
  });
});

describe("languages", () => {
  it("starts in Chinese and the switch changes every visible text to English", async () => {
    const page = await pageAs(email("site_manager", "a"), "zh-CN");
    await page.getByRole("heading", { name: "房源看板" }).waitFor();
    const hanzi = /[\u3400-\u9fff]/;
    // Playwright's innerText: the text a user sees (hidden popups left out), not the DOM's.
    const visibleText = () =>
      // biome-ignore lint/performance/useDomNodeTextContent: the visible text is what is checked
      page.locator("body").innerText();
    expect(await visibleText()).toMatch(hanzi);
    await page.getByLabel("语言").click();
    await page.getByTitle("English").click();
    await page.getByRole("heading", { name: "Units board" }).waitFor();
    await page.locator(".ant-select-dropdown").waitFor({ state: "hidden" });
    // Every text on the page is now English (the world's names are ASCII).
    expect(await visibleText()).not.toMatch(hanzi);
    await page.context().close();
  });
});
