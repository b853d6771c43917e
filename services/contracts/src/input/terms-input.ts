import { leaseTermsSchema, type WireTerms } from "@slms/contracts";
import { invalid, parseInput } from "@slms/errors";
import { z } from "zod";
import type { LeaseDates, LeaseTerms } from "../domain/terms.ts";
import { termsIssues } from "../domain/validate-terms.ts";

/** Lease terms as a request carries them (the currency comes from the site, not the client). */
export const termsInput = leaseTermsSchema.omit({ currency: true });

/**
 * Shape check (types, enums, required fields), then the domain's rules (every number in its
 * range, dates in range and the term at most twenty years, end after start, no overlapping
 * rent-free periods…), every problem named as `terms.<field>` or `startDate`/`endDate`. Returns
 * the terms with the site's currency. What the terms derive (escalated rent, penalties) is
 * checked by `assertDerivedAmounts` once the versions are known.
 */
export function validTerms(dates: LeaseDates, terms: WireTerms, currency: string): LeaseTerms {
  const shaped = parseInput(z.object({ terms: termsInput }), { terms }, "lease terms").terms;
  const full: LeaseTerms = { ...shaped, currency };
  const issues = termsIssues(dates, full).map((issue) => ({
    field:
      issue.field === "startDate" || issue.field === "endDate"
        ? issue.field
        : `terms.${issue.field}`,
    message: issue.message,
  }));
  if (issues.length > 0) throw invalid("invalid lease terms", issues);
  return full;
}

// Compile-time check: the domain's terms and the wire/event shape are one shape, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<LeaseTerms, z.output<typeof leaseTermsSchema>> = true;
void sameShape;
