import { session } from "../auth/session";
import { ApiError } from "./client";
import { fileNameOf } from "./file-name";

/**
 * Downloads a file of the API (a workbook, an export) with the session's token — renewed once on
 * a 401 — and saves it under the name the API gives, through a temporary `<a download>`. An API
 * refusal is thrown as an ApiError.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const send = (token: string | null) =>
    fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
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
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = fileNameOf(response.headers.get("Content-Disposition"), fallbackName);
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
