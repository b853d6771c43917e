export type ExportFormat = "csv" | "xlsx";

/** The report names the API exports (`/api/v1/reports/<name>`). */
export type ReportName =
  | "dashboard"
  | "occupancy"
  | "occupancy-history"
  | "data-freshness"
  | "receivables-ageing"
  | "collection-rate"
  | "revenue"
  | "rent-yield"
  | "lease-expiry"
  | "rent-roll"
  | "payment-journal"
  | "audit-trail";

/** The report language the API takes for the console's language. */
export const reportLanguage = (language: string): "zh" | "en" =>
  language.startsWith("zh") ? "zh" : "en";

/** The export's address: the report's query with `format` and `lang`; empty values are left out. */
export function exportUrl(
  report: ReportName,
  query: Record<string, string | number | null | undefined>,
  format: ExportFormat,
  language: string,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  params.set("format", format);
  params.set("lang", reportLanguage(language));
  return `/api/v1/reports/${report}?${params.toString()}`;
}
