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

  it("round-trips tokens of name and id, including non-ASCII names", () => {
    for (const key of [
      { name: "王伟", id: "cus_01" },
      { name: "", id: "cus_02" },
      { name: 'Acme "HK" Ltd', id: "cus_03" },
    ])
      expect(decodePageToken(encodePageToken(key))).toEqual(key);
    expect(decodePageToken(undefined)).toBeUndefined();
    expect(decodePageToken("")).toBeUndefined();
  });

  it("rejects tokens it did not issue", () => {
    expect(() => decodePageToken("garbage!")).toThrow("invalid page token");
    expect(() => decodePageToken(Buffer.from('{"n":"x"}').toString("base64url"))).toThrow(
      "invalid page token",
    );
  });
});
