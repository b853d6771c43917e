import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import type { OnboardingDeps } from "../deps.ts";
import { buildErrorWorkbook } from "../domain/error-workbook.ts";
import type { ImportError } from "../domain/errors.ts";
import { parseWorkbook } from "../domain/parse.ts";
import { validateWorkbook } from "../domain/validate.ts";
import { existingSite } from "./existing-site.ts";
import { jobOf } from "./site.ts";

const input = z.object({
  siteId: z.string().min(1).max(64),
  importId: z.string().min(1).max(64),
  lang: z.union([z.literal(""), z.enum(["zh", "en"])]).default(""),
});

/**
 * The uploaded workbook with every error marked on its row (and a summary sheet): the errors the
 * dry run kept, or — when there were more than it keeps — all of them, the workbook validated
 * again against the site as it is now.
 */
export async function getErrorWorkbook(
  deps: OnboardingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ workbook: Buffer; fileName: string }> {
  const data = parseInput(input, request, "request");
  const job = await jobOf(deps, caller, data.siteId, data.importId, { plan: true, made: true });
  const parsed = await parseWorkbook(job.workbook);
  let errors = job.errors as unknown as ImportError[];
  if (job.errorCount > errors.length) {
    const existing = await existingSite(deps.owners(), caller, job.siteId, parsed);
    const result = validateWorkbook(parsed, {
      siteKey: job.siteId,
      asOf: job.goLiveDate.toISOString().slice(0, 10),
      existing,
    });
    errors = result.ok ? [] : result.errors;
  }
  const lang = data.lang || "zh";
  const workbook = await buildErrorWorkbook({ xlsx: job.workbook }, parsed, errors, { lang });
  const base = job.fileName.replace(/\.xlsx$/i, "");
  return { workbook, fileName: `${base}_${lang === "zh" ? "错误" : "errors"}.xlsx` };
}
