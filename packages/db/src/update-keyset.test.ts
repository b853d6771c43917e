import { describe, expect, it } from "vitest";
import { parseUpdatedSince, updateKeyset, updateKeysetToken } from "./update-keyset.ts";

describe("parseUpdatedSince", () => {
  it.each([
    ["2026-12-07T08:00:00Z", "2026-12-07T08:00:00.000Z"],
    ["2026-12-07T08:00:00.123Z", "2026-12-07T08:00:00.123Z"],
    ["2026-12-07t16:00:00.5+08:00", "2026-12-07T08:00:00.500Z"],
    // Beyond milliseconds is truncated: an inclusive bound only widens.
    ["2026-12-07T08:00:00.123999999Z", "2026-12-07T08:00:00.123Z"],
    // "Since the beginning".
    ["1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z"],
    ["2024-02-29T23:59:59-05:30", "2024-03-01T05:29:59.000Z"],
  ])("reads %s", (text, iso) => {
    expect(parseUpdatedSince(text).toISOString()).toBe(iso);
  });

  it.each([
    "2026-12-07",
    "2026-12-07T08:00:00",
    "2026-12-07 08:00:00Z",
    "yesterday",
    "2026-13-07T08:00:00Z",
    "2026-02-29T08:00:00Z",
    "2026-04-31T08:00:00Z",
    "2026-12-07T24:00:00Z",
    "2026-12-07T08:60:00Z",
    "2026-12-07T08:00:00+24:00",
    "1969-12-31T23:59:59Z",
    "2100-01-01T00:00:00Z",
    "275760-09-13T00:00:00Z",
  ])("refuses %s naming the field", (text) => {
    expect(() => parseUpdatedSince(text, "updated_since")).toThrow(
      expect.objectContaining({
        kind: "invalid",
        details: [expect.objectContaining({ field: "updated_since" })],
      }),
    );
  });
});

describe("updateKeyset", () => {
  it("is unset without updatedSince, whatever the token", () => {
    expect(updateKeyset({ pageToken: "eyJrIjoiQSJ9" }, 10)).toBeUndefined();
    expect(updateKeyset({ updatedSince: "" }, 10)).toBeUndefined();
  });

  it("round-trips its own token and refuses another list's", () => {
    const last = { updatedAt: new Date("2026-12-07T08:00:00.123Z"), id: "unt_1" };
    const keyset = updateKeyset(
      { updatedSince: "2026-12-07T00:00:00Z", pageToken: updateKeysetToken(last) },
      250,
    );
    expect(keyset).toEqual({ since: new Date("2026-12-07T00:00:00Z"), settleMs: 250, after: last });
    const codeToken = Buffer.from(JSON.stringify({ k: "A-101" })).toString("base64url");
    expect(() =>
      updateKeyset({ updatedSince: "2026-12-07T00:00:00Z", pageToken: codeToken }),
    ).toThrow("invalid page token");
  });
});
