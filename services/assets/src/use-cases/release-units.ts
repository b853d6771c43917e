import { parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { addDays } from "@slms/primitives/civil-date";
import { toDbDate, todayIn } from "@slms/primitives/zoned";
import { z } from "zod";
import { type HoldView, holdView } from "../db/holds.ts";
import { siteFactsInScope } from "../db/scope.ts";
import { lockUnits, recordStatusChange } from "../db/status.ts";
import type { AssetsDeps } from "../deps.ts";
import { civilDate, id } from "../domain/fields.ts";

const input = z.object({ leaseId: id, releaseFrom: civilDate });

/**
 * Frees a lease's units from `releaseFrom` on (termination, expiry): holds end the day before,
 * holds that had not started yet are removed, and units no longer held today become vacant.
 * Releasing again changes nothing.
 */
export async function releaseUnits(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<HoldView[]> {
  const data = parseInput(input, request, "release");
  const facts = await siteFactsInScope(deps.db, caller, siteId);
  let statusChanged = false;
  const holds = await deps.db.$transaction(async (tx) => {
    const held = await tx.unitHold.findMany({ where: { leaseId: data.leaseId, siteId } });
    if (held.length === 0) return [];
    const units = await lockUnits(
      tx,
      siteId,
      held.map((h) => h.unitId),
    );
    const releaseFrom = toDbDate(data.releaseFrom);
    await tx.unitHold.deleteMany({
      where: { leaseId: data.leaseId, fromDate: { gte: releaseFrom } },
    });
    await tx.unitHold.updateMany({
      where: { leaseId: data.leaseId, toDate: { gte: releaseFrom } },
      data: { toDate: toDbDate(addDays(data.releaseFrom, -1)) },
    });
    const site = await tx.site.findUniqueOrThrow({
      where: { id: siteId },
      select: { timeZone: true },
    });
    const today = toDbDate(todayIn(site.timeZone, new Date()));
    for (const unit of units) {
      if (unit.status !== "leased") continue;
      const stillHeld = await tx.unitHold.count({
        where: { unitId: unit.id, fromDate: { lte: today }, toDate: { gte: today } },
      });
      if (stillHeld > 0) continue;
      await recordStatusChange(
        tx,
        caller,
        unit,
        "vacant",
        `lease ${data.leaseId} released from ${data.releaseFrom}`,
        facts.currency,
      );
      statusChanged = true;
    }
    return (
      await tx.unitHold.findMany({ where: { leaseId: data.leaseId }, orderBy: { unitId: "asc" } })
    ).map(holdView);
  });
  if (statusChanged) deps.outboxWritten();
  return holds;
}
