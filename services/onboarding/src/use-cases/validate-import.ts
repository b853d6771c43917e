import { newId } from "@slms/db";
import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { toDbDate, todayIn } from "@slms/primitives/zoned";
import { z } from "zod";
import type { OnboardingDeps } from "../deps.ts";
import { parseWorkbook } from "../domain/parse.ts";
import { validateWorkbook } from "../domain/validate.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { existingSite } from "./existing-site.ts";
import { type ImportView, viewColumns } from "./get-import.ts";
import { siteOf } from "./site.ts";

/** Uploads beyond this are refused: 10,000 units with their leases fit in a few MB. */
export const MAX_WORKBOOK_BYTES = 20 * 1024 * 1024;
/** Errors kept with an import (all are counted; the error workbook marks them all). */
const KEPT_ERRORS = 1_000;

const input = z.object({
  siteId: z.string().min(1).max(64),
  workbook: z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, "must be a file")
    .refine((b) => b.byteLength > 0, "must not be empty")
    .refine((b) => b.byteLength <= MAX_WORKBOOK_BYTES, "must be at most 20 MB"),
  fileName: z
    .string()
    .max(200, "must be at most 200 characters")
    .refine((name) => !/[/\\]/.test(name) && ![...name].some((c) => c < " "), "must be a file name")
    .default(""),
  goLiveDate: z
    .union([z.literal(""), z.iso.date("must be a date YYYY-MM-DD")])
    .default("")
    .refine((d) => d === "" || (d >= "2000-01-01" && d <= "2099-12-31"), "must be in 2000–2099"),
});

/**
 * Dry run: parses a filled workbook, validates it against itself and what the site holds (units,
 * leases, customers by the ID numbers it mentions and the names it gives alone, fee codes) as of
 * the go-live date (default today at the site), and keeps it as an import: `validated` with its
 * plan, or `invalid` with every error (the first 1,000 kept). Writes nothing in the owning
 * services.
 */
export async function validateImport(
  deps: OnboardingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<ImportView> {
  const data = parseInput(input, request, "request");
  const site = await siteOf(deps, caller, data.siteId);
  const now = deps.clock();
  const goLive = data.goLiveDate || todayIn(site.timeZone, now);
  const parsed = await parseWorkbook(data.workbook);
  const existing = await existingSite(deps.owners(), caller, site.id, parsed);
  const result = validateWorkbook(parsed, {
    siteKey: site.id,
    asOf: goLive,
    currency: site.currency,
    existing,
  });
  const errors = result.ok ? [] : result.errors;
  return deps.db.importJob.create({
    omit: viewColumns,
    data: {
      id: newId("imp"),
      orgId: caller.orgId,
      siteId: site.id,
      fileName: data.fileName || "import.xlsx",
      goLiveDate: toDbDate(goLive),
      status: result.ok ? "validated" : "invalid",
      workbook: Buffer.from(data.workbook),
      ...(result.ok ? { plan: result.plan as unknown as Prisma.InputJsonValue } : {}),
      counts: result.counts,
      sheetTotals: result.totals as unknown as Prisma.InputJsonValue,
      errors: errors.slice(0, KEPT_ERRORS) as unknown as Prisma.InputJsonValue,
      errorCount: errors.length,
      createdBy: caller.actor,
      createdAt: now,
      updatedAt: now,
    },
  });
}
