import { DomainError } from "@slms/errors";
import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken, pageSize } from "./paging.ts";

describe("paging", () => {
  it("round-trips the last key", () => {
    const key = { receivedAt: new Date("2026-01-15T02:30:00.123Z"), id: "pay_1" };
    expect(decodePageToken(encodePageToken(key))).toEqual(key);
    expect(decodePageToken("")).toBeUndefined();
  });

  it("names the field of a token it did not issue", () => {
    for (const token of ["garbage", Buffer.from('{"r":"x","i":"y"}').toString("base64url")]) {
      expect(() => decodePageToken(token)).toThrow(DomainError);
    }
  });

  it("defaults and caps sizes", () => {
    expect(pageSize(undefined)).toBe(100);
    expect(pageSize(0)).toBe(100);
    expect(pageSize(20)).toBe(20);
    expect(pageSize(10_000)).toBe(500);
  });
});
