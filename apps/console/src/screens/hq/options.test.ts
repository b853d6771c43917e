import { describe, expect, it } from "vitest";
import { cartesianOption, escapeHtml } from "./options";

const data = {
  categories: ["2026-01", "2026-02"],
  series: [
    { key: "leases", values: [2, null] },
    { key: "monthlyRentMinor", values: [150_000, 0] },
  ],
};

describe("chart options", () => {
  it("labels series, puts right-axis series on the second axis, formats the tooltip", () => {
    const option = cartesianOption(data, {
      label: (key) => `L:${key}`,
      format: String,
      formatRight: (v) => `¥${v / 100}`,
      kind: (key) => (key === "monthlyRentMinor" ? { type: "line", right: true } : { type: "bar" }),
    });
    const series = option.series as { name: string; type: string; yAxisIndex?: number }[];
    expect(series.map((s) => [s.name, s.type, s.yAxisIndex])).toEqual([
      ["L:leases", "bar", undefined],
      ["L:monthlyRentMinor", "line", 1],
    ]);
    expect(Array.isArray(option.yAxis) && option.yAxis.length).toBe(2);
    const tooltip = option.tooltip as { formatter: (params: unknown) => string };
    const text = tooltip.formatter([
      { axisValueLabel: "2026-01", seriesName: "L:leases", seriesIndex: 0, value: 2 },
      { axisValueLabel: "2026-01", seriesName: "<b>", seriesIndex: 1, value: 150_000 },
    ]);
    expect(text).toBe("2026-01<br/>L:leases: <b>2</b><br/>&lt;b&gt;: <b>¥1500</b>");
  });

  it("lays categories on the vertical axis when horizontal", () => {
    const option = cartesianOption(data, {
      label: (key) => key,
      category: (c) => `M${c}`,
      format: String,
      horizontal: true,
    });
    expect(option.yAxis).toMatchObject({ type: "category", data: ["M2026-01", "M2026-02"] });
    expect(option.xAxis).toMatchObject({ type: "value" });
  });

  it("escapes HTML", () => {
    expect(escapeHtml(`a<b>&"`)).toBe("a&lt;b&gt;&amp;&quot;");
  });
});
