import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import type { OnboardingDeps } from "../deps.ts";
import { buildTemplate } from "../domain/template.ts";
import { siteOf } from "./site.ts";

const input = z.object({
  siteId: z.string().min(1).max(64),
  lang: z.union([z.literal(""), z.enum(["zh", "en"])]).default(""),
});

/** The template workbook for a site, in Chinese (default) or English, named after the site. */
export async function getTemplate(
  deps: OnboardingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ workbook: Buffer; fileName: string }> {
  const data = parseInput(input, request, "request");
  const site = await siteOf(deps, caller, data.siteId);
  const lang = data.lang || "zh";
  const workbook = await buildTemplate({ lang, siteName: site.name });
  const label = lang === "zh" ? "导入模板" : "import-template";
  return { workbook, fileName: `${site.code}_${label}.xlsx` };
}
