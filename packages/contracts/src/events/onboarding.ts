import { z } from "zod";
import { unitStatuses } from "../assets-vocabulary.ts";

const count = z.number().int().min(0);

/**
 * `onboarding.import.finished` v1: a go-live import's commit ended — `committed` (everything in
 * every owning service, announced), or `failed` (every part discarded: nothing of it remains).
 */
export const importFinishedV1 = z.object({
  importId: z.string(),
  siteId: z.string(),
  status: z.enum(["committed", "failed"]),
  fileName: z.string(),
  counts: z.object({
    units: count,
    customers: count,
    leases: count,
    arrears: count,
    deposits: count,
    prepayments: count,
  }),
  /** Why it failed; empty when committed. */
  error: z.string(),
  /** Whether every figure the system holds equals the workbook's (committed only). */
  reconciled: z.boolean(),
});

export type ImportFinishedV1 = z.infer<typeof importFinishedV1>;

/**
 * `<service>.import.rolled_back` v1 (assets, customers, contracts, billing, payments): a released
 * import batch was rolled back as a whole in the owning service — the objects it made are gone.
 * A consumer removes what it keeps of `objects` (ids by kind: `unit`, `hold`, `building`,
 * `customer`, `lease`, `bill`, `prepayment`, `deposit`, as the service's import rows name them;
 * a consumer ignores kinds it does not keep, e.g. assets' `unit_status_change`)
 * and takes `eventIds` (the batch's events, as released) as handled, so any of them still on its
 * way is ignored when it arrives. A large batch is announced in several parts (`part` of
 * `parts`), each complete in itself: at most 5,000 object ids (of any kinds) and 5,000 event ids
 * per part.
 *
 * Assets' parts also say (optional: absent from events written before them) when the batch was
 * released (`releasedAt`: its events went out then, so a consumer counted its objects from then
 * on) and which units it did not make had the status its holds set put back (`unitsPutBack`,
 * spread over the parts like the ids: each entry takes the room of one) — what a consumer
 * keeping history per day (reporting's occupancy snapshots) needs to take the import out of the
 * days between the release and the rollback. The put-back statuses are also announced as
 * `assets.unit.status_changed`, as any status change.
 */
export const importRolledBackV1 = z.object({
  batchId: z.string().min(1),
  siteId: z.string().min(1),
  objects: z.record(z.string(), z.array(z.string())),
  eventIds: z.array(z.uuid()),
  part: z.number().int().min(1),
  parts: z.number().int().min(1),
  releasedAt: z.iso.datetime({ offset: true }).optional(),
  unitsPutBack: z
    .array(
      z.object({
        unitId: z.string().min(1),
        /** The status the batch's hold set (the unit's status until the rollback). */
        from: z.enum(unitStatuses),
        /** The status put back: the unit's status before the batch held it. */
        to: z.enum(unitStatuses),
      }),
    )
    .optional(),
});

export type ImportRolledBackV1 = z.infer<typeof importRolledBackV1>;
