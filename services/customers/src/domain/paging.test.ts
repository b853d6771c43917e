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

  const token = (json: string) => Buffer.from(json, "utf8").toString("base64url");

  it.each([
    ["garbage!"],
    [token('{"n":"x"}')],
    [token("null")],
    [token("[1,2]")],
    [token('{"n":1,"i":"cus_1"}')],
    [token('{"n":"x","i":""}')],
    [token(String.raw`{"n":"a\u0000b","i":"cus_1"}`)],
    [token(String.raw`{"n":"a","i":"cus_\u0000"}`)],
    [token(String.raw`{"n":"\ud800","i":"cus_1"}`)],
    [token(`{"n":"${"x".repeat(201)}","i":"cus_1"}`)],
    [token(`{"n":"x","i":"${"c".repeat(65)}"}`)],
    ["A".repeat(2049)],
  ])("rejects %s, a token it did not issue", (forged) => {
    expect(() => decodePageToken(forged)).toThrow("invalid page token");
  });

  it("issues tokens it accepts for the longest names", () => {
    const key = { name: "\u0001".repeat(200), id: `cus_${"Z".repeat(60)}` };
    expect(encodePageToken(key).length).toBeLessThanOrEqual(2048);
    expect(decodePageToken(encodePageToken(key))).toEqual(key);
    const chinese = { name: "王".repeat(200), id: "cus_01" };
    expect(decodePageToken(encodePageToken(chinese))).toEqual(chinese);
  });
});
