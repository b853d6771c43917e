import { siteKinds, unitKinds } from "@slms/contracts";
import { isCivilDate } from "@slms/primitives/civil-date";
import { z } from "zod";
import { isCurrency, isTimeZone } from "./site.ts";

/** Field rules shared by the assets use-cases; messages are shown to users as they are. */
export const code = z
  .string()
  .trim()
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N}._/-]{0,39}$/u,
    "must be 1–40 letters, digits, '.', '_', '/' or '-'",
  );
export const name = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters");
export const timeZone = z
  .string()
  .refine(isTimeZone, "must be an IANA time zone such as Asia/Shanghai");
export const currency = z
  .string()
  .refine(isCurrency, "must be an ISO 4217 currency code such as CNY");
export const siteKind = z.enum(siteKinds);
export const unitKind = z.enum(unitKinds);
export const address = z.string().trim().max(500, "must be at most 500 characters");
export const floor = z.string().trim().max(20, "must be at most 20 characters");
/** Money in minor units: a non-negative safe integer. */
export const amountMinor = z
  .number()
  .int("must be an integer amount in minor units")
  .nonnegative("must not be negative")
  .max(Number.MAX_SAFE_INTEGER);
export const id = z.string().min(1, "is required");
export const civilDate = z.string().refine(isCivilDate, "must be a date as YYYY-MM-DD");
