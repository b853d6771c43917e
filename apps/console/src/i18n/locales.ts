import { adminTexts } from "../screens/admin/texts";
import { billingTexts } from "../screens/billing/texts";
import { cashierTexts } from "../screens/cashier/texts";
import { customerTexts } from "../screens/customers/texts";
import { hqTexts } from "../screens/hq/texts";
import { leaseTexts } from "../screens/leases/texts";
import { unitTexts } from "../screens/units/texts";
import { common } from "./common";

export const languages = ["zh-CN", "en"] as const;
export type Language = (typeof languages)[number];

/** Texts by screen area; each area file holds both languages, with the same keys. */
export const areas = {
  shell: common,
  units: unitTexts,
  customers: customerTexts,
  leases: leaseTexts,
  billing: billingTexts,
  cashier: cashierTexts,
  hq: hqTexts,
  admin: adminTexts,
};

type Tree = { [key: string]: string | Tree };

/** One resource tree per language: the shell's keys at the top, each area's under its name. */
export function resources(): Record<Language, { translation: Tree }> {
  const build = (language: Language): Tree => {
    const tree: Tree = { ...(common[language] as Tree) };
    for (const [area, texts] of Object.entries(areas)) {
      if (area === "shell") continue;
      tree[area] = (texts as Record<Language, Tree>)[language];
    }
    return tree;
  };
  return { "zh-CN": { translation: build("zh-CN") }, en: { translation: build("en") } };
}
