import { ApiError } from "../../api/client";
import { session } from "../../auth/session";
import { type ExportFormat, exportUrl, fileNameFrom, type ReportName } from "./export-url";

export type { ExportFormat, ReportName };

/**
 * Downloads a report export with the session's token (renewed once on a 401) and saves it
 * under the name the API gives; an API refusal is thrown as an ApiError.
 */
export async function downloadReport(
  report: ReportName,
  query: Record<string, string | number | null | undefined>,
  format: ExportFormat,
  language: string,
): Promise<void> {
  const url = exportUrl(report, query, format, language);
  const send = (token: string | null) =>
    fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  let response = await send(session.accessToken());
  if (response.status === 401) {
    const renewed = await session.refresh();
    if (renewed) response = await send(renewed);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiError(response.status, body, response.headers.get("Retry-After"));
  }
  const blob = await response.blob();
  const name = fileNameFrom(response.headers.get("Content-Disposition"), `${report}.${format}`);
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1_000);
}
