// Screenshots of the console's main screens for docs/console.md, taken in Debian's Chromium from a
// running platform with the demo seed (`SLMS_SEED_DEMO=true npm start`):
//
//   node apps/console/scripts/screenshots.ts [base URL, default http://localhost:8080]
//
// Signs in as the demo users (password DEMO_PASSWORD, default the seed's) and writes
// docs/console/<screen>.png at 1366×768.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser, openPage, signIn } from "../test/browser.ts";

const baseUrl = process.argv[2] ?? "http://localhost:8080";
const password = process.env.DEMO_PASSWORD ?? "demo-password-2026";
const out = fileURLToPath(new URL("../../../docs/console/", import.meta.url));
mkdirSync(out, { recursive: true });

const shots: {
  user: string;
  language: "zh-CN" | "en";
  name: string;
  path?: string;
  settle?: (page: Page) => Promise<void>;
}[] = [
  { user: "clerk.garden@demo.slms", language: "zh-CN", name: "units-board" },
  { user: "clerk.garden@demo.slms", language: "en", name: "units-board-en" },
  { user: "clerk.garden@demo.slms", language: "zh-CN", name: "customers", path: "customers" },
  { user: "clerk.garden@demo.slms", language: "zh-CN", name: "leases", path: "leases" },
  { user: "clerk.garden@demo.slms", language: "zh-CN", name: "lease-wizard", path: "leases/new" },
  { user: "cashier.garden@demo.slms", language: "zh-CN", name: "cashier", path: "cashier" },
  { user: "finance.tower@demo.slms", language: "zh-CN", name: "billing", path: "billing" },
  { user: "manager.tower@demo.slms", language: "zh-CN", name: "reports", path: "reports" },
  { user: "manager.tower@demo.slms", language: "en", name: "imports", path: "imports" },
  { user: "auditor@demo.slms", language: "zh-CN", name: "hq-dashboard" },
];

const browser = await launchBrowser();
try {
  for (const shot of shots) {
    const page = await openPage(browser, baseUrl, shot.language);
    await signIn(page, shot.user, password);
    if (shot.path) {
      const site = /\/sites\/([^/]+)\//.exec(page.url())?.[1];
      await page.goto(`/sites/${site}/${shot.path}`);
    }
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${out}${shot.name}.png` });
    console.log(`${shot.name}.png  (${shot.user}, ${shot.language}) ${page.url()}`);
    await page.context().close();
  }
} finally {
  await browser.close();
}
