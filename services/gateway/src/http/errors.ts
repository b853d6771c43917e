import { trace } from "@opentelemetry/api";
import type { ErrorKind, FieldIssue } from "@slms/errors";
import { isDomainError } from "@slms/errors";
import type { Logger } from "@slms/logging";
import type { NextFunction, Request, Response } from "express";

/** The one shape of every error response: `{error: {code, message, details[]}}`. */
export interface ErrorBody {
  error: { code: string; message: string; details: FieldIssue[]; traceId?: string };
}

/** The one place domain error kinds become HTTP statuses. */
export const httpStatusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

export function writeError(
  res: Response,
  status: number,
  code: string,
  message: string,
  details: readonly FieldIssue[] = [],
): void {
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  const body: ErrorBody = {
    error: { code, message, details: [...details], ...(traceId ? { traceId } : {}) },
  };
  res.status(status).json(body);
}

/**
 * Express error handler: domain errors keep their message and field details; body-parser
 * errors become 400/413; anything else is logged with its trace id and answered with a
 * generic 500, revealing nothing internal.
 */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (isDomainError(error)) {
      if (error.retryAfterSeconds !== undefined) {
        res.setHeader("Retry-After", String(error.retryAfterSeconds));
      }
      writeError(res, httpStatusOfKind[error.kind], error.kind, error.message, error.details);
      return;
    }
    if (error instanceof URIError) {
      // The router could not percent-decode a path segment (e.g. `/units/%E0%A4%A`).
      writeError(res, 400, "invalid", "the request path is not valid percent-encoded UTF-8", [
        { field: "(path)", message: "malformed percent-encoding" },
      ]);
      return;
    }
    const type = (error as { type?: unknown }).type;
    if (type === "entity.parse.failed") {
      writeError(res, 400, "invalid", "the request body is not valid JSON", [
        { field: "(body)", message: "malformed JSON" },
      ]);
      return;
    }
    if (type === "entity.too.large") {
      writeError(res, 413, "too_large", "the request body is too large");
      return;
    }
    if (type === "encoding.unsupported" || type === "charset.unsupported") {
      writeError(res, 415, "unsupported_media_type", "the request body must be UTF-8 JSON");
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, "unhandled error");
    writeError(res, 500, "internal", "internal error");
  };
}
