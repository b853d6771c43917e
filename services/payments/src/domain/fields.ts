import { findUnacceptableText, invalid } from "@slms/errors";
import { boundsMessages, isAmountInRange, isInstantInRange } from "@slms/primitives/bounds";
import { z } from "zod";
import { paymentMethods } from "./payment-methods.ts";

/**
 * Field rules shared by the payments use-cases; messages are shown to users as they are. Every
 * string is bounded and storable (see {@link textProblem}), every amount within
 * `MAX_AMOUNT_MINOR`, every time within the platform's years: nothing a request carries can make
 * PostgreSQL or the money arithmetic fail with a 500.
 */

/**
 * Why `value` cannot be taken as text, or null: PostgreSQL refuses NUL in text columns (error
 * 22021), and a lone UTF-16 surrogate is not Unicode text (it would be stored mangled). The same
 * rule and words as the edges (the gateway, every gRPC server), kept here too so a use case is
 * safe whoever calls it.
 */
export function textProblem(value: string): string | null {
  return findUnacceptableText(value, "")?.message ?? null;
}

/** A string with a {@link textProblem} is refused with that message, before any other rule. */
const storable = () =>
  z.string().check((ctx) => {
    const problem = textProblem(ctx.value);
    if (problem)
      ctx.issues.push({ code: "custom", message: problem, input: ctx.value, continue: false });
  });

export const id = storable()
  .trim()
  .min(1, "is required")
  .max(100, "must be at most 100 characters");
/** `<user>:<Idempotency-Key>` from the gateway, or a client's own key. */
export const requestId = storable()
  .trim()
  .min(1, "is required: money-moving calls are idempotent per request id")
  .max(300, "must be at most 300 characters");
export const amountMinor = z
  .number({ error: boundsMessages.positiveAmount })
  .refine((value) => isAmountInRange(value, true), boundsMessages.positiveAmount);
export const method = z.enum(paymentMethods, {
  error: `must be one of ${paymentMethods.join(", ")}`,
});
export const reason = storable()
  .trim()
  .min(1, "must say why")
  .max(500, "must be at most 500 characters");
export const text = (max: number) =>
  storable().trim().max(max, `must be at most ${max} characters`).default("");

/**
 * How far ahead of the server's clock a receipt time may be: a till's clock may be wrong, and a
 * time typed in another zone than meant is off by up to a day; more is a typing error.
 */
export const maxAheadOfClockMs = 24 * 3_600_000;

/**
 * An RFC 3339 time with an offset, in the platform's years (2000–2099), at most
 * {@link maxAheadOfClockMs} after the server's clock.
 */
export const receivedAt = (now: Date) =>
  z.iso
    .datetime({ offset: true, message: "must be an RFC 3339 time, e.g. 2026-01-15T10:30:00+08:00" })
    .transform((value, ctx) => {
      const time = Date.parse(value);
      if (!isInstantInRange(time)) {
        ctx.addIssue({ code: "custom", message: boundsMessages.instant });
        return z.NEVER;
      }
      if (time > now.getTime() + maxAheadOfClockMs) {
        ctx.addIssue({
          code: "custom",
          message: "must not be more than 24 hours after the server's clock",
        });
        return z.NEVER;
      }
      return new Date(time);
    });

/** Optional ids: proto3 sends "" for absent. */
export const optionalId = storable()
  .trim()
  .max(100, "must be at most 100 characters")
  .optional()
  .transform((value) => (value ? value : null));

/**
 * An id the request carries outside a parsed body (a site, the payment a path names): refused
 * as `invalid` naming `field` when it cannot be stored, so it never reaches the database.
 */
export function requireStorableId(field: string, value: string): void {
  const problem =
    textProblem(value) ?? (value.length > 100 ? "must be at most 100 characters" : null);
  if (problem) throw invalid(`invalid ${field}`, [{ field, message: problem }]);
}

/** An import batch's id (a call's path, not a body): storable and not blank, else `invalid`. */
export function requireBatchId(batchId: string): void {
  requireStorableId("batchId", batchId);
  if (!batchId.trim())
    throw invalid("invalid batchId", [{ field: "batchId", message: "is required" }]);
}
