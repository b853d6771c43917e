import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { DomainError, type ErrorKind, type FieldIssue, isDomainError } from "@slms/errors";

/** The one place domain error kinds become gRPC status codes. */
const statusOfKind: Record<ErrorKind, status> = {
  invalid: status.INVALID_ARGUMENT,
  not_found: status.NOT_FOUND,
  conflict: status.FAILED_PRECONDITION,
  forbidden: status.PERMISSION_DENIED,
  unauthenticated: status.UNAUTHENTICATED,
  unavailable: status.UNAVAILABLE,
  rate_limited: status.RESOURCE_EXHAUSTED,
};

/** And back: what a client makes of a status it receives. */
const kindOfStatus = new Map<status, ErrorKind>([
  [status.INVALID_ARGUMENT, "invalid"],
  [status.OUT_OF_RANGE, "invalid"],
  [status.NOT_FOUND, "not_found"],
  [status.ALREADY_EXISTS, "conflict"],
  [status.FAILED_PRECONDITION, "conflict"],
  [status.ABORTED, "conflict"],
  [status.PERMISSION_DENIED, "forbidden"],
  [status.UNAUTHENTICATED, "unauthenticated"],
  [status.UNAVAILABLE, "unavailable"],
  [status.DEADLINE_EXCEEDED, "unavailable"],
  [status.RESOURCE_EXHAUSTED, "rate_limited"],
]);

/** Field issues travel beside the status message as JSON in binary trailing metadata. */
const detailsKey = "slms-error-details-bin";
/**
 * Issues sent at most: metadata is bounded (grpc-js refuses a reply past ~8 KB of headers with a
 * protocol error), so a call refusing thousands of rows names the first ones and says how many
 * more there are.
 */
export const MAX_DETAILS = 50;
/** Each issue's message cut to this many characters. */
const MAX_MESSAGE = 200;

export interface GrpcErrorStatus {
  code: status;
  details: string;
  metadata: Metadata;
}

/**
 * A thrown error as the status a server sends. Unknown errors become INTERNAL with a generic
 * message; the caller of this function logs them.
 */
export function toGrpcStatus(error: unknown): GrpcErrorStatus {
  const metadata = new Metadata();
  if (!isDomainError(error)) {
    return { code: status.INTERNAL, details: "internal error", metadata };
  }
  if (error.details.length > 0) {
    const shown = error.details.slice(0, MAX_DETAILS).map((d) => ({
      field: d.field.slice(0, MAX_MESSAGE),
      message: d.message.slice(0, MAX_MESSAGE),
    }));
    const more = error.details.length - shown.length;
    if (more > 0) shown.push({ field: "(more)", message: `and ${more} more` });
    metadata.set(detailsKey, Buffer.from(JSON.stringify(shown)));
  }
  return { code: statusOfKind[error.kind], details: error.message, metadata };
}

/**
 * A gRPC error received by a client as a DomainError, so the edge maps it to HTTP in one place.
 * Statuses that are not domain outcomes (INTERNAL, UNKNOWN, …) stay as they are.
 */
export function fromGrpcError(error: ServiceError): Error {
  const kind = kindOfStatus.get(error.code);
  if (!kind) return error;
  return new DomainError(kind, error.details || error.message, readDetails(error.metadata));
}

function readDetails(metadata: Metadata | undefined): FieldIssue[] {
  const raw = metadata?.get(detailsKey)[0];
  if (!Buffer.isBuffer(raw)) return [];
  try {
    const parsed: unknown = JSON.parse(raw.toString("utf8"));
    return Array.isArray(parsed) ? (parsed as FieldIssue[]) : [];
  } catch {
    return [];
  }
}
