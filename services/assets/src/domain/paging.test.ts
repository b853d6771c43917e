import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken, pageSize } from "./paging.ts";

describe("paging", () => {
  it.each([
    [undefined, 100],
    [0, 100],
    [-5, 100],
    [50, 50],
    [10_000, 500],
  ])("page size %s → %s", (requested, expected) => expect(pageSize(requested)).toBe(expected));

  it("round-trips tokens, including non-ASCII codes", () => {
    for (const key of ["A-1203", "商铺-01", ""])
      expect(decodePageToken(encodePageToken(key))).toBe(key);
    expect(decodePageToken(undefined)).toBeUndefined();
    expect(decodePageToken("")).toBeUndefined();
  });

  it("rejects tokens it did not issue", () => {
    expect(() => decodePageToken("garbage!")).toThrow("invalid page token");
    expect(() => decodePageToken(Buffer.from('{"x":1}').toString("base64url"))).toThrow(
      "invalid page token",
    );
  });
});
