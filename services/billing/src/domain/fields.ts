import { findUnacceptableText } from "@slms/errors";
import {
  boundsMessages,
  isAmountInRange,
  isDateInRange,
  isInstantInRange,
} from "@slms/primitives/bounds";
import { z } from "zod";

// Field rules shared by the billing use-cases: every value a request brings in passes one of
// these before it reaches a query, so a bad value is `invalid` naming its field — never a
// database error. Messages are shown to users as they are.

/**
 * Text PostgreSQL can store, at most `max` characters: no NUL (a `text` column refuses it with
 * error 22021) and no lone UTF-16 surrogate (it would be stored mangled). gRPC servers refuse
 * such text too; use-cases check again because not all their callers come through gRPC.
 */
export const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .superRefine((value, context) => {
      const problem = findUnacceptableText(value, "");
      if (problem) context.addIssue({ code: "custom", message: problem.message });
    });

/** An id of an object (ours or another service's); an unknown one is simply not found. */
export const id = z.string().min(1, "is required").pipe(text(100));

/** Why something is done: trimmed, 1–500 characters. */
export const reason = z.string().trim().min(1, "must say why").pipe(text(500));

/** Whole minor units, 0 … MAX_AMOUNT_MINOR. */
export const amount = z.number().refine((value) => isAmountInRange(value), boundsMessages.amount);

/** Whole minor units, 1 … MAX_AMOUNT_MINOR. */
export const positiveAmount = z
  .number()
  .refine((value) => isAmountInRange(value, true), boundsMessages.positiveAmount);

/** A civil date `YYYY-MM-DD` in 2000-01-01 … 2099-12-31. */
export const date = z.string().refine(isDateInRange, boundsMessages.date);

/** An RFC 3339 time with an offset, in the years 2000–2099. */
export const instant = z
  .string()
  .refine(
    (value) =>
      z.iso.datetime({ offset: true }).safeParse(value).success &&
      isInstantInRange(Date.parse(value)),
    boundsMessages.instant,
  );

/** The amounts and dates of a schedule line a lease event brings in, within the same bounds. */
export const scheduleLine = z.object({
  periodStart: date,
  periodEnd: date,
  issueDate: date,
  dueDate: date,
  amountMinor: amount,
});
