import { z } from "zod";

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
 */
export const importRolledBackV1 = z.object({
  batchId: z.string().min(1),
  siteId: z.string().min(1),
  objects: z.record(z.string(), z.array(z.string())),
  eventIds: z.array(z.uuid()),
  part: z.number().int().min(1),
  parts: z.number().int().min(1),
});

export type ImportRolledBackV1 = z.infer<typeof importRolledBackV1>;
