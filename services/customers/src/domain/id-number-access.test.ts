import { describe, expect, it } from "vitest";
import { mayReadFullIdNumber } from "./id-number-access.ts";

describe("who reads full ID numbers", () => {
  it.each([
    [["hq_admin"], true],
    [["site_manager"], true],
    [["clerk", "site_manager"], true],
    [["system"], true],
    [["hq_auditor"], false],
    [["clerk"], false],
    [["cashier", "finance"], false],
    [[], false],
  ])("%j → %s", (roles, expected) => expect(mayReadFullIdNumber(roles)).toBe(expected));
});
