import { describe, expect, it } from "vitest";
import { fileNameOf } from "./file-name";

describe("fileNameOf", () => {
  it("takes the UTF-8 name first, then the plain one, else the fallback", () => {
    expect(
      fileNameOf(
        `attachment; filename="import_errors.xlsx"; filename*=UTF-8''%E5%AF%BC%E5%85%A5.xlsx`,
        "x.xlsx",
      ),
    ).toBe("导入.xlsx");
    expect(fileNameOf(`attachment; filename="a b.xlsx"`, "x.xlsx")).toBe("a b.xlsx");
    expect(fileNameOf("attachment; filename=plain.csv", "x.csv")).toBe("plain.csv");
    expect(fileNameOf(`attachment; filename*=UTF-8''%E0%A4%A`, "x.csv")).toBe("x.csv");
    expect(fileNameOf(null, "x.xlsx")).toBe("x.xlsx");
    expect(fileNameOf("attachment", "x.xlsx")).toBe("x.xlsx");
  });
});
