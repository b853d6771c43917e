import { leaseLimits, type WireTerms } from "@slms/contracts";
import { newId } from "@slms/db";
import { conflict, DomainError, type FieldIssue, isDomainError, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { findLease, type LeaseView, toDbDate } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { assertDerivedAmounts } from "../domain/derived-amounts.ts";
import { civilDateInput, idInput, referenceInput } from "../input/fields.ts";
import { validTerms } from "../input/terms-input.ts";

const input = z.object({
  siteId: idInput,
  reference: referenceInput,
  customerId: idInput,
  unitIds: z
    .array(idInput)
    .min(leaseLimits.units.min, "must name at least one unit")
    .max(leaseLimits.units.max, `must name at most ${leaseLimits.units.max} units`)
    .refine((ids) => new Set(ids).size === ids.length, "must not name a unit twice"),
  startDate: civilDateInput,
  endDate: civilDateInput,
});

/**
 * Creates a draft lease at a site. The customer must be registered at that site (customers
 * service) and every unit must be a unit of it (assets service): otherwise NOT_FOUND, naming
 * `customerId` / `unitIds.N`. The dates and terms must be valid, including what they derive (no
 * charge or penalty above the amount limit). Nothing is held yet; that is activation.
 */
export async function createLease(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  request: Omit<z.input<typeof input>, "siteId"> & { terms: WireTerms },
): Promise<LeaseView> {
  const data = parseInput(input, { ...request, siteId }, "lease");
  const { site } = await deps.assets.GetSite({ id: siteId }, { caller });
  const dates = { startDate: data.startDate, endDate: data.endDate };
  const terms = validTerms(dates, request.terms, site!.currencyCode);
  assertDerivedAmounts(dates, [{ version: 1, effectiveFrom: data.startDate, terms }]);
  await requireParties(deps, caller, siteId, data.customerId, data.unitIds);

  const id = newId("lea");
  try {
    await deps.db.lease.create({
      data: {
        id,
        orgId: caller.orgId,
        siteId,
        reference: data.reference,
        customerId: data.customerId,
        startDate: toDbDate(data.startDate),
        endDate: toDbDate(data.endDate),
        currency: site!.currencyCode,
        timeZone: site!.timeZone,
        createdBy: caller.actor,
        units: { create: data.unitIds.map((unitId, position) => ({ unitId, position })) },
        versions: {
          create: {
            version: 1,
            effectiveFrom: toDbDate(data.startDate),
            terms: terms as object,
            reason: "initial terms",
            actor: caller.actor,
          },
        },
      },
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") {
      throw conflict(`lease reference ${data.reference} already exists at this site`, [
        { field: "reference", message: "is taken" },
      ]);
    }
    throw error;
  }
  return findLease(deps.db, caller, siteId, id);
}

/** The customer and every unit at the site, else NOT_FOUND naming each one that is not. */
async function requireParties(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  customerId: string,
  unitIds: readonly string[],
): Promise<void> {
  const missing: FieldIssue[] = [];
  const notFoundAs = (issue: FieldIssue) => (error: unknown) => {
    if (isDomainError(error) && error.kind === "not_found") missing.push(issue);
    else throw error;
  };
  await deps.customers
    .GetCustomer({ siteId, id: customerId }, { caller })
    .catch(notFoundAs({ field: "customerId", message: "is not a customer of this site" }));
  for (const [i, unitId] of unitIds.entries()) {
    await deps.assets
      .GetUnit({ siteId, id: unitId }, { caller })
      .catch(notFoundAs({ field: `unitIds.${i}`, message: "is not a unit of this site" }));
  }
  if (missing.length === 0) return;
  const what = missing.map((m) => (m.field === "customerId" ? "customer" : "unit"));
  throw new DomainError("not_found", `${[...new Set(what)].join(" and ")} not found`, missing);
}
