import { Metadata, type status } from "@grpc/grpc-js";
import { DomainError, isDomainError } from "@slms/errors";
import { toGrpcStatus } from "@slms/grpc";

/** `siteIds.0.pageToken` → `site_ids.0.page_token`: the proto's own spelling. */
export function protoFieldName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export interface PublicStatus {
  code: status;
  details: string;
  metadata: Metadata;
}

/**
 * A thrown error as the edge answers it: the one domain mapping of @slms/grpc, with the field
 * names in the proto's spelling (the public contract is the proto), and `retry-after` (seconds)
 * in the trailing metadata of RESOURCE_EXHAUSTED.
 */
export function publicStatus(error: unknown): PublicStatus {
  const renamed =
    isDomainError(error) && error.details.length > 0
      ? new DomainError(
          error.kind,
          error.message,
          error.details.map((d) => ({ ...d, field: protoFieldName(d.field) })),
          error.retryAfterSeconds,
        )
      : error;
  const failure = toGrpcStatus(renamed);
  const metadata = failure.metadata ?? new Metadata();
  if (isDomainError(error) && error.kind === "rate_limited") {
    metadata.set("retry-after", String(error.retryAfterSeconds ?? 1));
  }
  return { code: failure.code, details: failure.details, metadata };
}
