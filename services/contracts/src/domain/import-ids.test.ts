import { newId } from "@slms/db";
import { describe, expect, it } from "vitest";
import { importedLeaseId } from "./import-ids.ts";

describe("importedLeaseId", () => {
  const opened = new Date("2026-12-07T01:02:03.456Z");

  it("is the same for the same batch and key, and looks like any lease id", () => {
    const id = importedLeaseId(opened, "bat_1", "onb_leases_1");
    expect(importedLeaseId(new Date(opened), "bat_1", "onb_leases_1")).toBe(id);
    expect(id).toMatch(/^lea_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(id).toHaveLength(newId("lea").length);
  });

  it("differs by key and by batch, and sorts by the batch's opening time", () => {
    const ids = new Set(
      ["a", "b", "c"].flatMap((key) => [
        importedLeaseId(opened, "bat_1", key),
        importedLeaseId(opened, "bat_2", key),
      ]),
    );
    expect(ids.size).toBe(6);
    const later = importedLeaseId(new Date(opened.getTime() + 1), "bat_0", "a");
    expect(later > importedLeaseId(opened, "bat_9", "z")).toBe(true);
  });
});
