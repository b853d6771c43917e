import { notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { z } from "zod";
import type { ContractsDeps, Tx } from "../deps.ts";
import type { CivilDate, LeaseTerms, TermsVersion } from "../domain/terms.ts";
import type { Lease, LeaseStatus, LeaseUnit, LeaseVersion } from "../generated/prisma/client.ts";
import { idInput } from "../input/fields.ts";

const leaseRef = z.object({ siteId: idInput, id: idInput });

/** A lease as use-cases return it. */
export interface LeaseView {
  id: string;
  orgId: string;
  siteId: string;
  reference: string;
  customerId: string;
  unitIds: string[];
  startDate: CivilDate;
  endDate: CivilDate;
  /** Go-live of an imported lease: its events carry no period starting before it. */
  billingStartsOn: CivilDate | null;
  status: LeaseStatus;
  currency: string;
  timeZone: string;
  predecessorId: string | null;
  successorId: string | null;
  terminationDate: CivilDate | null;
  terminationReason: string | null;
  penaltyMinor: number | null;
  versions: (TermsVersion & { reason: string; actor: string; createdAt: Date })[];
  createdAt: Date;
  updatedAt: Date;
}

export const leaseInclude = {
  units: { orderBy: { position: "asc" } },
  versions: { orderBy: { version: "asc" } },
  successor: { select: { id: true } },
} as const;

type LeaseRow = Lease & {
  units: LeaseUnit[];
  versions: LeaseVersion[];
  successor: { id: string } | null;
};

export const toDbDate = (date: CivilDate): Date => new Date(`${date}T00:00:00.000Z`);
export const fromDbDate = (date: Date): CivilDate => date.toISOString().slice(0, 10);

export function leaseView(row: LeaseRow): LeaseView {
  return {
    id: row.id,
    orgId: row.orgId,
    siteId: row.siteId,
    reference: row.reference,
    customerId: row.customerId,
    unitIds: row.units.map((u) => u.unitId),
    startDate: fromDbDate(row.startDate),
    endDate: fromDbDate(row.endDate),
    billingStartsOn: row.billingStartsOn ? fromDbDate(row.billingStartsOn) : null,
    status: row.status,
    currency: row.currency,
    timeZone: row.timeZone,
    predecessorId: row.predecessorId,
    successorId: row.successor?.id ?? null,
    terminationDate: row.terminationDate ? fromDbDate(row.terminationDate) : null,
    terminationReason: row.terminationReason,
    penaltyMinor: row.penaltyMinor === null ? null : Number(row.penaltyMinor),
    versions: row.versions.map((v) => ({
      version: v.version,
      effectiveFrom: fromDbDate(v.effectiveFrom),
      // Written only after validation against the domain shape (see use-cases).
      terms: v.terms as unknown as LeaseTerms,
      reason: v.reason,
      actor: v.actor,
      createdAt: v.createdAt,
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * The lease `leaseId` of site `siteId`, if the caller may see that site: every read and write
 * of a lease starts here, so a lease is only ever found at the site it is stored at — asked at
 * another site, even by a caller who may see both, it is not found. Ids that cannot be ids
 * (`siteId`, `id`) are "invalid" before any query.
 */
export async function findLease(
  db: ContractsDeps["db"] | Tx,
  caller: Caller,
  siteId: string,
  leaseId: string,
): Promise<LeaseView> {
  if (!canSeeSite(caller, siteId)) throw notFound("lease");
  parseInput(leaseRef, { siteId, id: leaseId }, "lease id");
  const row = await db.lease.findFirst({
    where: { id: leaseId, siteId, orgId: caller.orgId },
    include: leaseInclude,
  });
  if (!row) throw notFound("lease");
  return leaseView(row);
}
