import { describe, expect, it } from "vitest";
import { exportUrl, reportLanguage } from "./export-url";

describe("report exports", () => {
  it("asks for the format and the report language, leaving empty filters out", () => {
    expect(
      exportUrl(
        "revenue",
        { siteId: "sit_a", from: "2026-01-01", to: "2026-06-30", x: "" },
        "xlsx",
        "zh-CN",
      ),
    ).toBe(
      "/api/v1/reports/revenue?siteId=sit_a&from=2026-01-01&to=2026-06-30&format=xlsx&lang=zh",
    );
    expect(exportUrl("dashboard", { siteId: undefined }, "csv", "en")).toBe(
      "/api/v1/reports/dashboard?format=csv&lang=en",
    );
    expect(reportLanguage("en-GB")).toBe("en");
  });
});
