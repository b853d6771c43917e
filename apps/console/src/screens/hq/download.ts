import { downloadFile } from "../../api/download";
import { type ExportFormat, exportUrl, type ReportName } from "./export-url";

export type { ExportFormat, ReportName };

/**
 * Downloads a report export with the session's token and saves it under the name the API gives;
 * an API refusal is thrown as an ApiError.
 */
export function downloadReport(
  report: ReportName,
  query: Record<string, string | number | null | undefined>,
  format: ExportFormat,
  language: string,
): Promise<void> {
  return downloadFile(exportUrl(report, query, format, language), `${report}.${format}`);
}
