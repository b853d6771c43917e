import { notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { z } from "zod";
import { findLease, type LeaseView } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { MIN_REFERENCE_LENGTH, namedReference } from "../domain/reference-in-text.ts";
import { idInput } from "../input/fields.ts";

export const MAX_SEARCH_TEXT = 500;

const input = z.object({
  siteId: idInput,
  text: z.string().max(MAX_SEARCH_TEXT, `at most ${MAX_SEARCH_TEXT} characters`),
});

/**
 * The site's lease whose reference (contract number, at least 4 characters) a free text names —
 * a bank transfer's remittance text, say — as a whole (`referenceInText`): the longest one found;
 * null when none is, or two of the same length are. A site the caller cannot see is NOT_FOUND.
 */
export async function findLeaseInText(
  deps: ContractsDeps,
  caller: Caller,
  request: { siteId: string; text: string },
): Promise<LeaseView | null> {
  if (!canSeeSite(caller, request.siteId)) throw notFound("site");
  const value = parseInput(input, request, "request");
  if (value.text.length < MIN_REFERENCE_LENGTH) return null;
  // References that occur anywhere in the text, in one pass over the site's leases; whole word
  // and longest wins are decided by the domain.
  const rows = await deps.db.$queryRawUnsafe<{ id: string; reference: string }[]>(
    `SELECT id, reference FROM leases
      WHERE org_id = $1 AND site_id = $2 AND char_length(reference) >= $4
        AND strpos(upper($3), upper(reference)) > 0
      LIMIT 50`,
    caller.orgId,
    value.siteId,
    value.text,
    MIN_REFERENCE_LENGTH,
  );
  const reference = namedReference(
    value.text,
    rows.map((r) => r.reference),
  );
  const row = reference === null ? undefined : rows.find((r) => r.reference === reference);
  return row ? findLease(deps.db, caller, value.siteId, row.id) : null;
}
