import { DomainError } from "@slms/errors";
import { MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { describe, expect, it } from "vitest";
import {
  amountMinor,
  id,
  optionalId,
  reason,
  receivedAt,
  requestId,
  requireStorableId,
  text,
  textProblem,
} from "./fields.ts";

const now = new Date("2026-06-01T00:00:00Z");
const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe("textProblem", () => {
  it.each([
    ["plain text", "押金 TX-9", null],
    ["an emoji (a surrogate pair)", "🏠", null],
    ["NUL", "a\u0000b", "must not contain NUL characters"],
    ["a lone high surrogate", "a\uD800b", "must be valid Unicode text (it has a lone surrogate)"],
    ["a lone low surrogate", "\uDC00", "must be valid Unicode text (it has a lone surrogate)"],
  ])("%s", (_, value, problem) => {
    expect(textProblem(value)).toBe(problem);
  });
});

describe("text fields", () => {
  it.each([
    ["id", id],
    ["requestId", requestId],
    ["reason", reason],
    ["text(200)", text(200)],
    ["optionalId", optionalId],
  ] as const)("%s refuses NUL and lone surrogates with one message", (_, schema) => {
    for (const bad of ["x\u0000", "x\uD800", "\uDFFF"]) {
      const result = schema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(messages(result)).toHaveLength(1);
    }
  });

  it("bounds lengths", () => {
    expect(id.safeParse("x".repeat(100)).success).toBe(true);
    expect(messages(id.safeParse("x".repeat(101)))).toEqual(["must be at most 100 characters"]);
    expect(messages(text(200).safeParse("x".repeat(201)))).toEqual([
      "must be at most 200 characters",
    ]);
    expect(text(200).parse(undefined)).toBe("");
  });

  it("names the field of an id given outside a body", () => {
    expect(() => requireStorableId("siteId", "sit_1")).not.toThrow();
    for (const bad of ["sit_\u0000", "sit_\uD800", "x".repeat(101)]) {
      let error: unknown;
      try {
        requireStorableId("siteId", bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.map((d) => d.field)).toEqual(["siteId"]);
    }
  });
});

describe("amountMinor", () => {
  it.each([
    [1, true],
    [MAX_AMOUNT_MINOR, true],
    [0, false],
    [-1, false],
    [1.5, false],
    [MAX_AMOUNT_MINOR + 1, false],
    [2 ** 53 - 1, false],
    [2 ** 53, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])("%d accepted: %s", (value, ok) => {
    const result = amountMinor.safeParse(value);
    expect(result.success).toBe(ok);
    if (!ok) expect(messages(result)).toHaveLength(1);
  });
});

describe("receivedAt", () => {
  it.each([
    ["2026-01-15T10:30:00+08:00", "2026-01-15T02:30:00.000Z"],
    ["2000-01-01T00:00:00Z", "2000-01-01T00:00:00.000Z"],
    // Up to 24 hours after the server's clock.
    ["2026-06-02T00:00:00Z", "2026-06-02T00:00:00.000Z"],
  ])("accepts %s", (value, instant) => {
    expect(receivedAt(now).parse(value).toISOString()).toBe(instant);
  });

  it.each([
    ["year 0", "0000-01-01T00:00:00Z"],
    ["before 2000", "1999-12-31T23:59:59Z"],
    ["2000 in UTC but 1999 at its offset", "2000-01-01T00:30:00+01:00"],
    ["from 2100", "2100-01-01T00:00:00Z"],
    ["more than 24 hours ahead", "2026-06-02T00:00:01Z"],
    ["not a day of the calendar", "2026-02-30T10:00:00+08:00"],
    ["no offset", "2026-01-15T10:30:00"],
    ["not a time", "yesterday"],
    ["NUL", "2026-01-15T10:30:00Z\u0000"],
  ])("refuses %s with one message", (_, value) => {
    const result = receivedAt(now).safeParse(value);
    expect(result.success).toBe(false);
    expect(messages(result)).toHaveLength(1);
  });
});
