/**
 * The closed set of domain error kinds. Each maps to exactly one gRPC status (in @slms/grpc)
 * and one HTTP status (in the gateway's error handler); nothing else picks status codes.
 */
export const errorKinds = [
  "invalid",
  "not_found",
  "conflict",
  "forbidden",
  "unauthenticated",
  "unavailable",
  "rate_limited",
] as const;

export type ErrorKind = (typeof errorKinds)[number];

/** One problem with one input field (dotted path for nested fields, e.g. `units.0.code`). */
export interface FieldIssue {
  field: string;
  message: string;
}

/** A failure the caller can understand and act on; its message is safe to show. */
export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly details: readonly FieldIssue[];
  /** `rate_limited` only: when the caller may try again (HTTP `Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    details: readonly FieldIssue[] = [],
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DomainError";
    this.kind = kind;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export const invalid = (message: string, details: readonly FieldIssue[] = []) =>
  new DomainError("invalid", message, details);
export const notFound = (what: string) => new DomainError("not_found", `${what} not found`);
export const conflict = (message: string, details: readonly FieldIssue[] = []) =>
  new DomainError("conflict", message, details);
export const forbidden = (message = "not allowed") => new DomainError("forbidden", message);
export const unauthenticated = (message = "authentication required") =>
  new DomainError("unauthenticated", message);
export const unavailable = (message: string) => new DomainError("unavailable", message);
/** Too many requests; the caller may retry after `retryAfterMs` (rounded up to seconds, ≥ 1). */
export const rateLimited = (message: string, retryAfterMs: number) =>
  new DomainError("rate_limited", message, [], Math.max(1, Math.ceil(retryAfterMs / 1000)));
