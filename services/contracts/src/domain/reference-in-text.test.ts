import { describe, expect, it } from "vitest";
import { namedReference, referenceInText } from "./reference-in-text.ts";

describe("referenceInText", () => {
  it.each([
    ["房租 HT-2026-001 王伟", "HT-2026-001"],
    ["合同HT-2026-001十二月", "HT-2026-001"],
    ["ht-2026-001", "HT-2026-001"],
    ["rent for 2026/A/12.", "2026/A/12"],
    ["租字第0012号", "租字第0012号"],
    ["(HT-2026-001)", "HT-2026-001"],
  ])("finds it in %s", (text, reference) => {
    expect(referenceInText(text, reference)).toBe(true);
  });

  it.each([
    ["HT-2026-0012", "HT-2026-001"],
    ["XHT-2026-001", "HT-2026-001"],
    ["十一月租金", "HT-2026-001"],
    ["L-1 rent", "L-1"],
    ["", "HT-2026-001"],
  ])("does not find it in %j", (text, reference) => {
    expect(referenceInText(text, reference)).toBe(false);
  });
});

describe("namedReference", () => {
  it("takes a reference found only inside a longer one as part of it", () => {
    expect(namedReference("转账 HT-1001-A", ["HT-1001", "HT-1001-A", "HT-2002"])).toBe("HT-1001-A");
  });

  it("names none when two references are found, or none is", () => {
    expect(namedReference("HT-1001 HT-2002", ["HT-1001", "HT-2002"])).toBeNull();
    expect(namedReference("HT-1001 HT-2026-001", ["HT-1001", "HT-2026-001"])).toBeNull();
    expect(namedReference("十二月租金", ["HT-1001"])).toBeNull();
  });
});
