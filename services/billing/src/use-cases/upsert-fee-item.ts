import { writeOutbox } from "@slms/db";
import { forbidden, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { ensureFeeItems } from "../db/fee-items.ts";
import type { BillingDeps } from "../deps.ts";
import { text } from "../domain/fields.ts";
import { feeItemChanged } from "../events/bill-events.ts";
import type { FeeItemView } from "./list-fee-items.ts";

const input = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, "must be 2–40 lower-case letters, digits or _"),
  name: z.string().trim().min(1, "must not be empty").pipe(text(100)),
  nameZh: z.string().trim().pipe(text(100)).default(""),
  category: z.enum([
    "rent",
    "management",
    "parking",
    "water",
    "electricity",
    "deposit",
    "late_fee",
    "penalty",
    "other",
  ]),
  active: z.boolean().default(true),
});

/** Adds or changes a fee item of the organisation's catalogue (HQ), announcing it (audit trail). */
export async function upsertFeeItem(
  deps: BillingDeps,
  caller: Caller,
  request: { code: string; name: string; nameZh?: string; category: string; active?: boolean },
): Promise<FeeItemView> {
  if (caller.siteIds !== "all")
    throw forbidden("only organisation-wide roles manage the fee catalogue");
  const item = parseInput(input, request, "fee item");
  await ensureFeeItems(deps.db, caller.orgId);
  const row = await deps.db.$transaction(async (tx) => {
    const saved = await tx.feeItem.upsert({
      where: { orgId_code: { orgId: caller.orgId, code: item.code } },
      create: { orgId: caller.orgId, ...item },
      update: item,
    });
    await writeOutbox(tx, feeItemChanged(caller.actor, saved));
    return saved;
  });
  deps.outboxWritten();
  const { orgId: _orgId, ...view } = row;
  return view;
}
