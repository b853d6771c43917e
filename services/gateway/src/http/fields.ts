import {
  boundsMessages,
  isAmountInRange,
  isDateInRange,
  isInstantInRange,
  MAX_AMOUNT_MINOR,
} from "@slms/primitives";
import { z } from "zod";

// The building blocks of request schemas. Every field a route accepts is bounded: numbers have a
// minimum and a maximum (and are integers where integers are meant), strings a maximum length,
// dates and times a range (`@slms/primitives` bounds). A test walks the OpenAPI document and
// fails on any request field without its bounds, so a new route cannot forget them.

/** An object id (`sit_…`, `lea_…`): letters, digits, `_` and `-`, at most 64. */
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "must be an id (letters, digits, '_', '-')");

/** Free text, trimmed, at most `max` characters (may be empty). */
export const text = (max: number) => z.string().trim().max(max);

/** Required free text: trimmed, 1 to `max` characters. */
export const requiredText = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

/** A civil date `YYYY-MM-DD` (site time zone) in the accepted years. */
export const civilDate = z
  .string()
  .refine(isDateInRange, boundsMessages.date)
  .meta({ format: "date", minLength: 10, maxLength: 10 });

const rfc3339 = z.iso.datetime({ offset: true });

/** An RFC 3339 time with offset, in the accepted years (one message for either fault). */
export const instant = z
  .string()
  .max(40, boundsMessages.instant)
  .refine(
    (value) => rfc3339.safeParse(value).success && isInstantInRange(Date.parse(value)),
    boundsMessages.instant,
  )
  .meta({ format: "date-time" });

/** An amount in integer minor units, 0 … MAX_AMOUNT_MINOR. */
export const amountMinor = z
  .number()
  .int(boundsMessages.amount)
  .min(0, boundsMessages.amount)
  .max(MAX_AMOUNT_MINOR, boundsMessages.amount)
  .refine((value) => isAmountInRange(value), boundsMessages.amount)
  .describe("integer minor units (fen, cents) of the site's currency");

/** An amount in integer minor units, 1 … MAX_AMOUNT_MINOR. */
export const positiveAmountMinor = z
  .number()
  .int(boundsMessages.positiveAmount)
  .min(1, boundsMessages.positiveAmount)
  .max(MAX_AMOUNT_MINOR, boundsMessages.positiveAmount)
  .describe("integer minor units (fen, cents) of the site's currency");

/** A whole number in `min … max`. */
export const integer = (min: number, max: number) =>
  z
    .number()
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`);

/** The largest area accepted, m² (numeric(12,2) holds ten times more). */
export const MAX_AREA_M2 = 1_000_000_000;
const areaMessage = `must be m² from 0 to ${MAX_AREA_M2} with at most 2 decimals`;
const twoDecimals = (value: number) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6;

/** An area in m² with at most 2 decimals, as a number or a decimal string. */
export const area = z
  .union([
    z.number().min(0, areaMessage).max(MAX_AREA_M2, areaMessage).refine(twoDecimals, areaMessage),
    z
      .string()
      .max(14)
      .regex(/^\d{1,10}(\.\d{1,2})?$/, areaMessage)
      .refine((value) => Number(value) <= MAX_AREA_M2, areaMessage),
  ])
  .describe("m², at most 2 decimals");

/** `limit` and `cursor` of every paged list. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .max(500)
    .regex(/^[A-Za-z0-9_=-]*$/, "is not a cursor this API issued")
    .optional()
    .describe("`nextCursor` of the previous page"),
});
