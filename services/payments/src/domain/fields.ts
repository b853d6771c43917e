import { z } from "zod";
import { paymentMethods } from "./payment-methods.ts";

/** Field rules shared by the payments use-cases; messages are shown to users as they are. */
export const id = z
  .string()
  .trim()
  .min(1, "is required")
  .max(100, "must be at most 100 characters");
/** `<user>:<Idempotency-Key>` from the gateway, or a client's own key. */
export const requestId = z
  .string()
  .trim()
  .min(1, "is required: money-moving calls are idempotent per request id")
  .max(300, "must be at most 300 characters");
export const amountMinor = z
  .number()
  .int("must be whole minor units")
  .positive("must be more than zero")
  .max(Number.MAX_SAFE_INTEGER, "is too large");
export const method = z.enum(paymentMethods, {
  error: `must be one of ${paymentMethods.join(", ")}`,
});
export const reason = z
  .string()
  .trim()
  .min(1, "must say why")
  .max(500, "must be at most 500 characters");
export const text = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).default("");

/** How far ahead of the server's clock a receipt time may be (clocks of tills drift). */
export const maxClockSkewMs = 5 * 60_000;

/** An RFC 3339 time with an offset, not in the future (beyond the allowed skew). */
export const receivedAt = (now: Date) =>
  z.iso
    .datetime({ offset: true, message: "must be an RFC 3339 time, e.g. 2026-01-15T10:30:00+08:00" })
    .transform((value) => new Date(value))
    .refine(
      (value) => value.getTime() <= now.getTime() + maxClockSkewMs,
      "must not be in the future",
    );

/** Optional ids: proto3 sends "" for absent. */
export const optionalId = z
  .string()
  .trim()
  .max(100, "must be at most 100 characters")
  .optional()
  .transform((value) => (value ? value : null));
