import { leaseTextLimits } from "@slms/contracts";
import { boundsMessages, isDateInRange } from "@slms/primitives/bounds";
import { z } from "zod";

// The request fields of the lease use-cases, checked at their edge so that nothing PostgreSQL
// cannot store (NUL characters, error 22021) or would store mangled (lone UTF-16 surrogates)
// reaches a query, and every date lies in the platform's range.

/** Text PostgreSQL stores as sent: no NUL character, no lone surrogate. */
export const isStorableText = (text: string) => !text.includes("\u0000") && text.isWellFormed();

const storableMessage = "must be Unicode text without NUL characters";

/** Required free text, trimmed, 1 to `max` characters. */
export const textInput = (max: number) =>
  z
    .string()
    .refine(isStorableText, storableMessage)
    .transform((text) => text.trim())
    .pipe(z.string().min(1, "must not be empty").max(max));

/** The contract number. */
export const referenceInput = textInput(leaseTextLimits.reference);

/** Why an amendment or a termination happens. */
export const reasonInput = textInput(leaseTextLimits.reason).describe("why");

/** An object id (`lea_…`, `cus_…`, `unt_…`): letters, digits, `_` and `-`, at most 64. */
export const idInput = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be an id (1–64 letters, digits, '_' or '-')");

/** A civil date `YYYY-MM-DD` in 2000-01-01 … 2099-12-31. */
export const civilDateInput = z.string().refine(isDateInRange, boundsMessages.date);

/** The importer's name of an import batch (as every service of the import takes it). */
export const batchIdInput = z
  .string()
  .refine(isStorableText, storableMessage)
  .transform((text) => text.trim())
  .pipe(z.string().min(1, "is required").max(100, "must be at most 100 characters"));

/** The site and batch a release or discard of an import names. */
export const importBatchInput = z.object({ siteId: idInput, batchId: batchIdInput });
