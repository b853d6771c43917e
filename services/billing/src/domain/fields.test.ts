import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { amount, date, id, instant, positiveAmount, reason, text } from "./fields.ts";

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

describe("field rules", () => {
  it.each<[string, z.ZodType, unknown, boolean]>([
    ["an id", id, "bil_01jq7c", true],
    ["an empty id", id, "", false],
    ["an id with NUL", id, "bil_\u0000", false],
    ["an id with a lone surrogate", id, "bil_\ud800", false],
    ["an id of 101 characters", id, "x".repeat(101), false],
    ["a reason", reason, "  leak damage  ", true],
    ["a blank reason", reason, "   ", false],
    ["a reason with NUL", reason, "leak\u0000", false],
    ["a reason with a lone surrogate", reason, "leak \udc00", false],
    ["a reason of 501 characters", reason, "x".repeat(501), false],
    ["an emoji note", text(500), "😀", true],
    ["0", amount, 0, true],
    ["MAX_AMOUNT_MINOR", amount, MAX_AMOUNT_MINOR, true],
    ["MAX_AMOUNT_MINOR + 1", amount, MAX_AMOUNT_MINOR + 1, false],
    ["2^53 − 1", amount, Number.MAX_SAFE_INTEGER, false],
    ["2^53 + 2", amount, 2 ** 53 + 2, false],
    ["−1", amount, -1, false],
    ["0.5", amount, 0.5, false],
    ["NaN", amount, Number.NaN, false],
    ["0 as a positive amount", positiveAmount, 0, false],
    ["1 as a positive amount", positiveAmount, 1, true],
    ["2000-01-01", date, "2000-01-01", true],
    ["2099-12-31", date, "2099-12-31", true],
    ["1999-12-31", date, "1999-12-31", false],
    ["2100-01-01", date, "2100-01-01", false],
    ["0001-01-01", date, "0001-01-01", false],
    ["2026-02-30", date, "2026-02-30", false],
    ["a time with an offset", instant, "2026-03-01T10:00:00+08:00", true],
    ["a UTC time", instant, "2026-03-01T02:00:00Z", true],
    ["a time without an offset", instant, "2026-03-01T10:00:00", false],
    ["a time in 1970", instant, "1970-01-01T00:00:00Z", false],
    ["a time in 2100", instant, "2100-01-01T00:00:00Z", false],
    ["a date alone", instant, "2026-03-01", false],
  ])("%s", (_name, schema, value, expected) => {
    expect(accepts(schema, value)).toBe(expected);
  });
});
