import { postBankLines } from "@slms/finance/use-cases/post-bank-lines";
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

/**
 * Types into a searching select and picks the option, until the select shows it: on a busy machine
 * the options can be replaced by a later search's just as the click lands, and the click is lost.
 */
async function pickOption(page: Page, label: string, typed: string, option: string) {
  // The form item around the select shows the picked option's label once it is chosen.
  const item = page.locator(".ant-form-item", { has: page.getByLabel(label) });
  for (let attempt = 1; ; attempt++) {
    await page.getByLabel(label).fill(typed);
    await page.getByTitle(new RegExp(option)).first().click();
    try {
      await expect.poll(() => item.textContent(), { timeout: 3_000 }).toContain(option);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
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
      [
        email("site_manager", "a"),
        ["Units board", "Billing", "Cashier", "Import"],
        ["Users and access", "Account mapping"],
      ],
      [`auditor@${LABEL}.test`, ["HQ dashboard", "Users and access", "Account mapping"], []],
    ];
    for (const [who, shown, hidden] of expected) {
      const page = await pageAs(who);
      if (!who.startsWith("auditor")) expect(page.url()).toContain(`/sites/${world.a.siteId}/`);
      // The site's entries join the menu once the user's grants and sites have arrived.
      await expect.poll(() => menuTexts(page)).toEqual(expect.arrayContaining(shown));
      const menu = await menuTexts(page);
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

describe("money at the front desk", () => {
  it("takes a payment at the cashier once, even on a double click, and opens its receipt", async () => {
    const cashier = await h.login(email("cashier", "a"), PASSWORD);
    const before = await h.api(
      "GET",
      `/api/v1/sites/${world.a.siteId}/payments?customerId=${world.a.customerId}&limit=100`,
      { token: cashier },
    );
    const page = await pageAs(email("cashier", "a"));
    // Headless Chromium cannot show a print dialog; the receipt is still fetched and framed.
    await page.addInitScript(() => {
      window.print = () => undefined;
    });
    await page.goto(`/sites/${world.a.siteId}/cashier`);
    await page.getByLabel("Customer").fill("租户");
    await page.getByTitle(`租户${world.a.code}`).click();
    await page.getByLabel(/Amount received/).fill("1,234.56");
    const submit = page.getByRole("button", { name: "Record payment of CN¥1,234.56" });
    await submit.dblclick();
    await page.getByText(/Payment recorded: receipt/).waitFor();
    const receipt = page.waitForResponse((r) => r.url().endsWith("/receipt.pdf"));
    await page.getByRole("button", { name: "Print receipt" }).click();
    const pdf = await receipt;
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    await page.locator("iframe[data-testid=receipt-frame]").waitFor({ state: "attached" });

    const after = await h.api(
      "GET",
      `/api/v1/sites/${world.a.siteId}/payments?customerId=${world.a.customerId}&limit=100`,
      { token: cashier },
    );
    const fresh = after.body.items.filter(
      (p: { id: string }) => !before.body.items.some((q: { id: string }) => q.id === p.id),
    );
    expect(fresh).toHaveLength(1);
    expect(fresh[0].amountMinor ?? fresh[0].amount?.amountMinor).toBe(123_456);
    await page.context().close();
  });

  it("takes a payment with the keyboard alone", async () => {
    const page = await pageAs(email("cashier", "a"));
    await page.goto(`/sites/${world.a.siteId}/cashier`);
    // The customer search has the focus when the screen opens.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
      .toBe("Customer");
    await page.keyboard.type("租户");
    await page.getByTitle(`租户${world.a.code}`).waitFor();
    await page.keyboard.press("Enter");
    // The amount field takes the focus once the customer's open bills are in.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("amount");
    await page.keyboard.type("10.05");
    await page.keyboard.press("Enter");
    await page.getByText(/Payment recorded: receipt/).waitFor();
    await expect
      .poll(() => page.locator("main, .ant-layout-content").first().textContent())
      .toMatch(/CN¥10\.05 received from/);
    await page.context().close();
  });

  it("makes a bank line the ERP could not match a payment of the customer a cashier picks", async () => {
    const siteId = world.a.siteId;
    const orgId = (await h.finance.deps.db.feedItem.findFirstOrThrow({ where: { siteId } })).orgId;
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(
      new Date(),
    );
    const [posted] = await postBankLines(
      h.finance.deps,
      {
        id: "apc_e2e",
        orgId,
        siteIds: [siteId],
        allSites: false,
        canPost: true,
        requestsPerMinute: 1,
      },
      {
        siteId,
        lines: [
          {
            lineId: `E2E-BANK-${Date.now()}`,
            amount: { currencyCode: "CNY", amountMinor: 43_210 },
            valueDate: today,
            payerName: "王五",
            payerAccount: "6222 0200",
            reference: "十二月房租 无编号",
          },
        ],
      },
    );
    expect(posted?.status).toBe("unmatched");

    const page = await pageAs(email("cashier", "a"));
    await page.goto(`/sites/${siteId}/payments`);
    await page.getByRole("tab", { name: "Bank lines" }).click();
    const row = page.getByRole("row", { name: /十二月房租 无编号/ });
    await row.getByRole("button", { name: "Make a payment" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Customer").fill("租户");
    await page.getByTitle(`租户${world.a.code}`).click();
    await dialog.getByRole("button", { name: "Make a payment" }).click();
    await page.getByText(/Payment recorded: receipt/).waitFor();
    const line = await h.finance.deps.db.bankLine.findFirstOrThrow({
      where: { lineId: posted!.lineId },
    });
    expect(line).toMatchObject({ status: "resolved", customerId: world.a.customerId });
    await page.context().close();
  });

  it("runs billing as finance: a dry run first, then the run, with its progress to the end", async () => {
    const page = await pageAs(email("finance", "a"));
    await page.goto(`/sites/${world.a.siteId}/billing`);
    await page.getByRole("button", { name: "Start billing run" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
    await dialog.getByTestId("billing-preview").waitFor();
    await dialog.getByRole("button", { name: "Run billing" }).click();
    await dialog.getByText("Completed").waitFor({ timeout: 60_000 });
    await page.context().close();
  });
});

describe("leasing", () => {
  it("creates a lease in the wizard, shows its schedule before activating, and activates it", async () => {
    const page = await pageAs(email("clerk", "a"));
    await page.goto(`/sites/${world.a.siteId}/leases/new`);
    await page.getByLabel("Vacant units").click();
    await page.getByTitle(/T1-0102/).click();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Next" }).click();
    await pickOption(page, "Tenant", "访客", `访客${world.a.code}`);
    await page.getByRole("button", { name: "Next" }).click();
    const reference = `E2E-${Date.now().toString(36)}`;
    await page.getByLabel("Contract number").fill(reference);
    // The wizard starts the lease today at the site; it ends after a year.
    const start = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(
      new Date(),
    );
    const [y, m, d] = start.split("-");
    const end = new Date(Date.UTC(Number(y) + 1, Number(m) - 1, Number(d) - 1))
      .toISOString()
      .slice(0, 10);
    await page.getByLabel("End date (inclusive)").fill(end);
    await page.getByLabel("End date (inclusive)").press("Enter");
    await page.getByLabel("Rent per period").fill("4,321.09");
    await page.getByLabel("Deposit", { exact: true }).fill("8,642.18");
    await page.getByRole("button", { name: "Create draft" }).click();
    const preview = page.getByTestId("schedule-preview");
    await preview.waitFor();
    await expect.poll(() => preview.textContent()).toContain("CN¥4,321.09");
    await page.getByRole("button", { name: "Activate lease" }).click();
    await page.waitForURL(
      (url) =>
        /\/leases\/ls_|\/leases\/[A-Za-z0-9_]+$/.test(url.pathname) &&
        !url.pathname.endsWith("/new"),
    );

    const clerk = await h.login(email("clerk", "a"), PASSWORD);
    const leases = await h.api(
      "GET",
      `/api/v1/sites/${world.a.siteId}/leases?customerId=${world.a.otherCustomerId}`,
      { token: clerk },
    );
    const made = leases.body.items.find((l: { reference: string }) => l.reference === reference);
    expect(made).toMatchObject({
      status: "active",
      startDate: start,
      endDate: end,
      unitIds: [world.a.spareUnitId],
    });
    const terms = made.versions.at(-1).terms;
    expect(terms.rent).toMatchObject({ kind: "per_period", amountMinor: 432_109 });
    expect(terms.depositMinor).toBe(864_218);
    await page.context().close();
  });
});

describe("on a tablet", () => {
  it("fits the main screens to a 768-pixel-wide portrait screen (tables scroll inside)", async () => {
    const page = await pageAs(email("site_manager", "a"));
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const screen of [
      "units",
      "customers",
      "leases",
      "billing",
      "cashier",
      "payments",
      "reports",
    ]) {
      await page.goto(`/sites/${world.a.siteId}/${screen}`);
      await page.getByRole("heading").first().waitFor();
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${screen} is wider than the screen by ${overflow}px`).toBeLessThanOrEqual(
        0,
      );
    }
    await page.context().close();
  });
});

describe("API clients of the ERP edge", () => {
  it("are created by HQ admins with the credential shown once, and revoked", async () => {
    const page = await pageAs(ADMIN.email);
    await page.goto("/hq/api-clients");
    await page.getByRole("button", { name: "New API client" }).click();
    const drawer = page.locator(".ant-drawer");
    await drawer.getByLabel("Name").fill("Kingdee ERP");
    await drawer.getByLabel("Sites", { exact: true }).click();
    await page.getByTitle(new RegExp(`^${world.a.code} `)).click();
    await page.keyboard.press("Escape");
    await drawer.getByRole("button", { name: "New API client" }).click();
    const credential = page.getByTestId("api-client-credential");
    await credential.waitFor();
    expect(await credential.textContent()).toMatch(
      /^authorization: Bearer apc_[A-Za-z0-9]+\.[A-Za-z0-9_-]{40,}/,
    );
    await page.locator(".ant-modal-footer").getByRole("button", { name: "Close" }).click();
    const row = page.getByRole("row", { name: /Kingdee ERP/ });
    await row.getByText("Active").waitFor();
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
    await row.getByText("Revoked").waitFor();
    // The API agrees, and never shows the secret again.
    const listed = await h.api("GET", "/api/v1/api-clients", { token: world.admin });
    const client = listed.body.items.find((c: { name: string }) => c.name === "Kingdee ERP");
    expect(client).toMatchObject({ siteIds: [world.a.siteId], allSites: false });
    expect(client.revokedAt).not.toBeNull();
    await page.context().close();
  });
});

describe("the account mapping of the ERP's journal entries", () => {
  it("is changed by an HQ admin, the API's rules checked at the fields; the auditor only reads it", async () => {
    const page = await pageAs(ADMIN.email);
    await page.goto("/hq/account-mapping");
    await page.getByText("The default chart").waitFor();
    await page.getByRole("button", { name: "Edit mapping" }).click();
    const drawer = page.locator(".ant-drawer");
    await drawer.locator("#receivables_code").fill("1122 01");
    await drawer.getByRole("button", { name: "Give a payment method its own account" }).click();
    await drawer.getByRole("button", { name: "Save" }).click();
    await drawer.getByText("An account code has only letters, digits").waitFor();
    expect(await drawer.getByText("Required").count()).toBeGreaterThanOrEqual(3);
    // Fixed: the new method row removed, the code corrected; the whole mapping is sent.
    await drawer.getByRole("button", { name: "Remove" }).last().click();
    await drawer.locator("#receivables_code").fill("1122.01");
    await drawer.locator("#receivables_name").fill("Receivables — rent");
    await drawer.getByRole("button", { name: "Save" }).click();
    await page
      .getByRole("row", { name: /Receivables — rent/ })
      .getByText("1122.01")
      .waitFor();
    await page.getByTestId("account-mapping-updated").waitFor();
    const saved = await h.api("GET", "/api/v1/account-mapping", { token: world.admin });
    expect(saved.body.isDefault).toBe(false);
    expect(saved.body.mapping.receivables).toEqual({ code: "1122.01", name: "Receivables — rent" });
    expect(saved.body.mapping.cashByMethod).toHaveLength(3);
    await page.context().close();

    const auditor = await pageAs(`auditor@${LABEL}.test`);
    await auditor.goto("/hq/account-mapping");
    await auditor.getByRole("row", { name: /Receivables — rent/ }).waitFor();
    expect(await auditor.getByRole("button", { name: "Edit mapping" }).count()).toBe(0);
    await auditor.context().close();
  });
});
