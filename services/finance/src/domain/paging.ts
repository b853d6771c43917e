import { parseUpdatedSince } from "@slms/db";
import { z } from "zod";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** `page_size`: 1–500, 0 (unset) meaning 100. Out of range is refused, not capped. */
export const pageSizeField = z
  .number()
  .int()
  .refine((n) => n >= 0 && n <= MAX_PAGE_SIZE, `must be 1–${MAX_PAGE_SIZE}`)
  .transform((n) => n || DEFAULT_PAGE_SIZE);

/** `page_token`: the previous page's `next_page_token`, passed to the owner as it is. */
export const pageTokenField = z.string().max(4096, "is not a page token this API gave");

/** A required `site_id`. */
export const siteIdField = z.string().superRefine((value, ctx) => {
  if (value === "") ctx.addIssue({ code: "custom", message: "is required" });
  else if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    ctx.addIssue({ code: "custom", message: "is not a site id" });
  }
});

/**
 * `updated_since`: empty (unset: the list's usual order) or an RFC 3339 instant, passed to the
 * owner normalised to UTC (the owner lists by update time from it, inclusive).
 */
export const updatedSinceField = z.string().transform((value, ctx) => {
  if (value === "") return undefined;
  try {
    return parseUpdatedSince(value, "updated_since").toISOString();
  } catch {
    ctx.addIssue({
      code: "custom",
      message: "must be an RFC 3339 time, e.g. 2026-12-07T08:00:00Z",
    });
    return z.NEVER;
  }
});
