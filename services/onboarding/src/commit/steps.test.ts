import { describe, expect, it } from "vitest";
import { buildingCode } from "./steps.ts";

describe("buildingCode", () => {
  it("keeps a name that makes a code, and hashes one that does not, the same each time", () => {
    expect(buildingCode("A栋")).toBe("A栋");
    expect(buildingCode("1号楼")).toBe("1号楼");
    expect(buildingCode(" Tower 2 ")).toBe("Tower-2");
    expect(buildingCode("")).toBe("");
    const odd = buildingCode("（东区）");
    expect(odd).toMatch(/^B-[0-9a-f]{12}$/);
    expect(buildingCode("（东区）")).toBe(odd);
    expect(buildingCode("x".repeat(41))).toMatch(/^B-/);
  });
});
