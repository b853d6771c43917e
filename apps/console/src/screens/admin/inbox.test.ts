import { describe, expect, it } from "vitest";
import { inboxLink, knownKind } from "./inbox";

describe("inbox", () => {
  it("links a message to the screen of its subject at its site", () => {
    expect(inboxLink({ siteId: "sit_a", subjectType: "lease", subjectId: "lse_1" })).toBe(
      "/sites/sit_a/leases/lse_1",
    );
    expect(inboxLink({ siteId: "sit_a", subjectType: "import", subjectId: "imp_1" })).toBe(
      "/sites/sit_a/imports?import=imp_1",
    );
    expect(inboxLink({ siteId: "sit_a", subjectType: "waiver", subjectId: "wvr_1" })).toBe(
      "/sites/sit_a/billing",
    );
    expect(inboxLink({ siteId: null, subjectType: "lease", subjectId: "lse_1" })).toBeNull();
    expect(inboxLink({ siteId: "sit_a", subjectType: "other", subjectId: "x" })).toBeNull();
  });

  it("knows the kinds it has names for", () => {
    expect(knownKind("waiver_requested")).toBe(true);
    expect(knownKind("something_new")).toBe(false);
  });
});
