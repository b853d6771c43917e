import { DomainError } from "@slms/errors";
import { describe, expect, it } from "vitest";
import { pageTokens } from "./page-token.ts";

const tokens = pageTokens({ at: "instant", id: "id", name: "text", n: "int", day: "date" });
const key = {
  at: "2026-03-01T04:00:00.000Z",
  id: "pay_01ABC",
  name: "王 伟",
  n: 3,
  day: "2026-03-01",
};
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

describe("pageTokens", () => {
  it("decodes what it encoded; nothing for no token", () => {
    expect(tokens.decode(tokens.encode(key))).toEqual(key);
    expect(tokens.decode(undefined)).toBeUndefined();
    expect(tokens.decode("")).toBeUndefined();
  });

  it.each([
    ["not base64", "%%%"],
    ["not JSON", Buffer.from("{", "utf8").toString("base64url")],
    ["an array", b64([1])],
    ["null", b64(null)],
    ["a missing part", b64({ ...key, n: undefined })],
    ["an extra part", b64({ ...key, x: 1 })],
    ["NUL in text", b64({ ...key, name: "a\u0000" })],
    ["a lone surrogate", b64({ ...key, name: "\ud800" })],
    ["an object for an id", b64({ ...key, id: { gt: "" } })],
    ["an id with spaces", b64({ ...key, id: "a b" })],
    ["a year 275760 time", b64({ ...key, at: "+275760-09-13T00:00:00.000Z" })],
    ["a year 0 time", b64({ ...key, at: "0000-01-01T00:00:00.000Z" })],
    ["a fraction", b64({ ...key, n: 1.5 })],
    ["2^53 + 1", b64({ ...key, n: 2 ** 53 + 1 })],
    ["a date out of range", b64({ ...key, day: "9999-12-31" })],
    ["a huge token", "A".repeat(1_001)],
  ])("refuses %s, naming the field", (_what, token) => {
    let caught: unknown;
    try {
      tokens.decode(token, "cursor");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).kind).toBe("invalid");
    expect((caught as DomainError).details).toEqual([
      { field: "cursor", message: "is not a token this API issued" },
    ]);
  });
});
