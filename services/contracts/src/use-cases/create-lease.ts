import type { WireTerms } from "@slms/contracts";
import { newId } from "@slms/db";
import { conflict, type FieldIssue, invalid, isDomainError, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { findLease, type LeaseView, toDbDate } from "../db/leases.ts";
import type { ContractsDeps } from "../deps.ts";
import { civilDateInput, validTerms } from "../input/terms-input.ts";

const input = z.object({
  reference: z.string().trim().min(1, "must not be empty").max(60),
  customerId: z.string().min(1, "is required"),
  unitIds: z
    .array(z.string().min(1))
    .min(1, "must name at least one unit")
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, "must not name a unit twice"),
  startDate: civilDateInput,
  endDate: civilDateInput,
});

/**
 * Creates a draft lease at a site: the customer and every unit must exist there (asked of the
 * customers and assets services), the terms must be consistent. Nothing is held yet; that is
 * activation.
 */
export async function createLease(
  deps: ContractsDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input> & { terms: WireTerms },
): Promise<LeaseView> {
  const data = parseInput(input, request, "lease");
  const { site } = await deps.assets.GetSite({ id: siteId }, { caller });
  const dates = { startDate: data.startDate, endDate: data.endDate };
  const terms = validTerms(dates, request.terms, site!.currencyCode);
  const problems: FieldIssue[] = [];
  await deps.customers
    .GetCustomer({ siteId: "", id: data.customerId }, { caller })
    .catch((error: unknown) => {
      if (isDomainError(error) && error.kind === "not_found") {
        problems.push({ field: "customerId", message: "is not a customer of this organisation" });
      } else throw error;
    });
  for (const [i, unitId] of data.unitIds.entries()) {
    await deps.assets.GetUnit({ siteId, id: unitId }, { caller }).catch((error: unknown) => {
      if (isDomainError(error) && error.kind === "not_found") {
        problems.push({ field: `unitIds.${i}`, message: "is not a unit of this site" });
      } else throw error;
    });
  }
  if (problems.length > 0) throw invalid("invalid lease", problems);

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
