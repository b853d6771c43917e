import { describe, expect, it } from "vitest";
import { exportUrl, fileNameFrom, reportLanguage } from "./export-url";

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

  it("saves under the name the API gives", () => {
    expect(fileNameFrom('attachment; filename="dashboard_all-sites.csv"', "x.csv")).toBe(
      "dashboard_all-sites.csv",
    );
    expect(
      fileNameFrom(
        "attachment; filename=\"r.xlsx\"; filename*=UTF-8''%E6%8A%A5%E8%A1%A8.xlsx",
        "x.xlsx",
      ),
    ).toBe("报表.xlsx");
    expect(fileNameFrom("attachment; filename=plain.csv", "x.csv")).toBe("plain.csv");
    expect(fileNameFrom(null, "x.csv")).toBe("x.csv");
    expect(fileNameFrom("attachment", "x.csv")).toBe("x.csv");
  });
});
