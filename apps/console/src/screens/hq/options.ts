import type { BarSeriesOption, LineSeriesOption } from "echarts/charts";
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from "echarts/components";
import type { ComposeOption } from "echarts/core";
import type { SeriesData } from "./shape";

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** How to draw a chart's values: their axis label, tooltip text, and each series' look. */
export interface CartesianSpec {
  /** The label of a series key (translated, or a site's name). */
  label: (key: string) => string;
  /** The label of a category (month, site, fee item); as-is when absent. */
  category?: (category: string) => string;
  /** Values on the (left) axis and in the tooltip, e.g. money from minor units, `62.5%`. */
  format: (value: number) => string;
  /** Per series: bar (default) or line, stacked, on the right axis (formatted by `formatRight`). */
  kind?: (key: string) => { type?: "bar" | "line"; stack?: string; right?: boolean };
  formatRight?: (value: number) => string;
  /** Colour of a series key (e.g. statuses keep the board's colours). */
  colour?: (key: string) => string | undefined;
  /** Categories on the vertical axis (long names such as sites). */
  horizontal?: boolean;
}

/** A bar/line chart over categories, with a legend and an axis tooltip formatted by the spec. */
export function cartesianOption(data: SeriesData, spec: CartesianSpec): ChartOption {
  const categories = data.categories.map((c) => spec.category?.(c) ?? c);
  const hasRight = data.series.some((s) => spec.kind?.(s.key).right);
  const valueAxis = (format: (value: number) => string) => ({
    type: "value" as const,
    axisLabel: { formatter: (value: number) => format(value), hideOverlap: true },
  });
  const categoryAxis = {
    type: "category" as const,
    data: categories,
    axisLabel: { hideOverlap: true },
  };
  const series = data.series.map((s) => {
    const kind = spec.kind?.(s.key) ?? {};
    const colour = spec.colour?.(s.key);
    const common = {
      name: spec.label(s.key),
      data: s.values,
      ...(kind.stack ? { stack: kind.stack } : {}),
      ...(colour ? { itemStyle: { color: colour } } : {}),
      ...(kind.right ? { yAxisIndex: 1 } : {}),
    };
    return kind.type === "line"
      ? ({ ...common, type: "line", connectNulls: false, showSymbol: true } as LineSeriesOption)
      : ({ ...common, type: "bar", barMaxWidth: 36 } as BarSeriesOption);
  });
  const formatFor = (seriesIndex: number) =>
    spec.kind?.(data.series[seriesIndex]?.key ?? "").right && spec.formatRight
      ? spec.formatRight
      : spec.format;
  return {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { type: "scroll", top: 0 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: unknown) => {
        const items = (Array.isArray(params) ? params : [params]) as {
          axisValueLabel?: string;
          marker?: string;
          seriesName?: string;
          seriesIndex: number;
          value: number | null;
        }[];
        const head = escapeHtml(items[0]?.axisValueLabel ?? "");
        const rows = items.map(
          (item) =>
            `${item.marker ?? ""}${escapeHtml(item.seriesName ?? "")}: <b>${
              item.value === null || item.value === undefined
                ? "—"
                : escapeHtml(formatFor(item.seriesIndex)(item.value))
            }</b>`,
        );
        return [head, ...rows].join("<br/>");
      },
    },
    xAxis: spec.horizontal ? valueAxis(spec.format) : categoryAxis,
    yAxis: spec.horizontal
      ? { ...categoryAxis, inverse: true }
      : hasRight
        ? [valueAxis(spec.format), valueAxis(spec.formatRight ?? spec.format)]
        : valueAxis(spec.format),
    series,
  };
}

/** Text safe inside the tooltip's HTML (names come from the API). */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
