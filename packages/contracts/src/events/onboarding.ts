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
