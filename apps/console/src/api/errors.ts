import type { FormInstance } from "antd";
import type { TFunction } from "i18next";
import { ApiError } from "./client";

/**
 * Puts an API error's details next to the form fields they name (`body.terms.rent` → the field
 * `terms.rent`), and returns the message for what no field of the form shows.
 */
export function showApiError(error: unknown, t: TFunction, form?: FormInstance): string | null {
  if (!(error instanceof ApiError)) return t("errors.network");
  if (error.status === 429 && error.retryAfterSeconds !== null)
    return t("login.tooMany", { seconds: error.retryAfterSeconds });
  const unplaced: string[] = [];
  if (form) {
    const known = new Set(
      Object.keys(flatten(form.getFieldsValue(true) as Record<string, unknown>)),
    );
    const fields = error.details.flatMap((detail) => {
      const path = detail.field.replace(/^(body|query|params)\./, "");
      if (!known.has(path) && !known.has(path.split(".")[0]!)) {
        unplaced.push(`${detail.field}: ${detail.message}`);
        return [];
      }
      return [
        {
          name: path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
          errors: [detail.message],
        },
      ];
    });
    form.setFields(fields);
    if (fields.length > 0 && unplaced.length === 0) return error.message;
  } else {
    unplaced.push(...error.details.map((d) => `${d.field}: ${d.message}`));
  }
  return [error.message, ...unplaced].join(" — ");
}

function flatten(value: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    out[path] = child;
    if (child && typeof child === "object" && !Array.isArray(child))
      Object.assign(out, flatten(child as Record<string, unknown>, path));
  }
  return out;
}
