import { status } from "@grpc/grpc-js";
import { invalid, rateLimited } from "@slms/errors";
import { describe, expect, it } from "vitest";
import { protoFieldName, publicStatus } from "./public-errors.ts";

describe("protoFieldName", () => {
  it.each([
    ["pageToken", "page_token"],
    ["siteIds.3", "site_ids.3"],
    ["page_size", "page_size"],
    ["(request)", "(request)"],
  ])("%s → %s", (field, expected) => {
    expect(protoFieldName(field)).toBe(expected);
  });
});

describe("publicStatus", () => {
  it("names fields as the proto does", () => {
    const failure = publicStatus(invalid("bad", [{ field: "pageToken", message: "no" }]));
    expect(failure.code).toBe(status.INVALID_ARGUMENT);
    const details = failure.metadata.get("slms-error-details-bin")[0] as Buffer;
    expect(JSON.parse(details.toString())).toEqual([{ field: "page_token", message: "no" }]);
  });

  it("says when to retry past the rate", () => {
    const failure = publicStatus(rateLimited("slow down", 12_300));
    expect(failure.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(failure.metadata.get("retry-after")).toEqual(["13"]);
  });

  it("hides unknown errors", () => {
    expect(publicStatus(new Error("db password is hunter2"))).toMatchObject({
      code: status.INTERNAL,
      details: "internal error",
    });
  });
});
