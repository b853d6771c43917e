import { DomainError } from "@slms/errors";
import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken, pageSize } from "./paging.ts";

const token = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

describe("paging", () => {
  it("round-trips the last key", () => {
    const key = { receivedAt: new Date("2026-01-15T02:30:00.123Z"), id: "pay_1" };
    expect(decodePageToken(encodePageToken(key))).toEqual(key);
    expect(decodePageToken("")).toBeUndefined();
  });

  it.each([
    ["garbage with spaces", "garbage !"],
    ["not JSON", token("{r:")],
    ["odd time and id", token({ r: "x", i: "y" })],
    ["JSON null", token("null")],
    ["an array", token(["2026-01-15T02:30:00.123Z", "pay_1"])],
    ["year 0", token({ r: "0000-01-01T00:00:00.000Z", i: "pay_1" })],
    ["year 275760", token({ r: "+275760-09-13T00:00:00.000Z", i: "pay_1" })],
    ["a time not in canonical form", token({ r: "2026-01-15T10:30:00+08:00", i: "pay_1" })],
    ["NUL in the id", token({ r: "2026-01-15T02:30:00.123Z", i: "pay_\u0000" })],
    ["a lone surrogate in the id", token({ r: "2026-01-15T02:30:00.123Z", i: "pay_\uD800" })],
    ["an id that is not ours", token({ r: "2026-01-15T02:30:00.123Z", i: "' OR 1=1 --" })],
    ["an id that is a number", token({ r: "2026-01-15T02:30:00.123Z", i: 7 })],
    ["a huge token", "A".repeat(10_000)],
    ["NUL in the token", `${encodePageToken({ receivedAt: new Date(), id: "pay_1" })}\u0000`],
  ])("refuses %s as invalid, naming pageToken", (_, crafted) => {
    let error: unknown;
    try {
      decodePageToken(crafted);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("invalid");
    expect((error as DomainError).details.map((d) => d.field)).toEqual(["pageToken"]);
  });

  it("defaults and caps sizes", () => {
    expect(pageSize(undefined)).toBe(100);
    expect(pageSize(0)).toBe(100);
    expect(pageSize(20)).toBe(20);
    expect(pageSize(10_000)).toBe(500);
  });
});
