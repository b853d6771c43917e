import { ApiError } from "../../api/client";

/**
 * The same API error with its details renamed to the form's fields (`fieldOf` gives the form
 * field of an API field, null to keep it as the API named it), for `showApiError`.
 */
export function renameErrorFields(
  error: unknown,
  fieldOf: (apiField: string) => string | null,
): unknown {
  if (!(error instanceof ApiError)) return error;
  const details = error.details.map((detail) => ({
    field: fieldOf(detail.field) ?? detail.field,
    message: detail.message,
  }));
  return new ApiError(
    error.status,
    { error: { code: error.code, message: error.message, details } },
    error.retryAfterSeconds === null ? null : String(error.retryAfterSeconds),
  );
}
