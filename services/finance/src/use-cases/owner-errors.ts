import { isDomainError, notFound } from "@slms/errors";

/**
 * An owning service's failure as the edge reports it. Its not-found and invalid-input answers
 * are the client's (a site gone, a page token it made up); unavailable stays unavailable. An
 * unauthenticated or forbidden answer means the edge built a caller the owner refuses — the
 * edge's own fault, never the client's: it becomes an internal error (logged), so a client is
 * never told UNAUTHENTICATED about credentials that were fine.
 */
export function fromOwner(what: string) {
  return (error: unknown): never => {
    if (isDomainError(error)) {
      if (error.kind === "not_found") throw notFound(what);
      if (error.kind === "unauthenticated" || error.kind === "forbidden") {
        throw new Error(`owner refused the edge's caller: ${error.message}`, { cause: error });
      }
    }
    throw error;
  };
}
