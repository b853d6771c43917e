import { newId } from "@slms/db";
import { conflict, invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { fromDbDate, toDbDate, todayIn } from "@slms/primitives/zoned";
import { z } from "zod";
import { type HoldView, holdView } from "../db/holds.ts";
import { siteFactsInScope } from "../db/scope.ts";
import { lockUnits, recordStatusChange } from "../db/status.ts";
import type { AssetsDeps } from "../deps.ts";
import { civilDate, id } from "../domain/fields.ts";
import { leasedWhenHeld } from "../domain/unit-status.ts";

const input = z
  .object({
    leaseId: id,
    unitIds: z
      .array(id)
      .min(1, "must name at least one unit")
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, "must not name a unit twice"),
    fromDate: civilDate,
    toDate: civilDate,
  })
  .refine((r) => r.fromDate <= r.toDate, {
    path: ["toDate"],
    message: "must not be before fromDate",
  });

/**
 * Holds units for a lease over a date range, all or nothing. The unit rows are locked first, so
 * of two leases racing for overlapping dates exactly one gets the units and the other a conflict
 * naming who holds them. Repeating a hold the lease already has changes nothing.
 */
export async function holdUnits(
  deps: AssetsDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<HoldView[]> {
  const data = parseInput(input, request, "hold");
  const facts = await siteFactsInScope(deps.db, caller, siteId);
  let statusChanged = false;
  const holds = await deps.db.$transaction(async (tx) => {
    const units = await lockUnits(tx, siteId, data.unitIds);
    const byId = new Map(units.map((u) => [u.id, u]));
    const missing = data.unitIds.flatMap((unitId, i) =>
      byId.has(unitId) ? [] : [{ field: `unitIds.${i}`, message: "is not a unit of this site" }],
    );
    if (missing.length > 0) throw invalid("invalid hold", missing);
    const inactive = data.unitIds.flatMap((unitId, i) =>
      byId.get(unitId)?.status === "inactive"
        ? [{ field: `unitIds.${i}`, message: "is inactive" }]
        : [],
    );
    if (inactive.length > 0) throw conflict("inactive units cannot be leased", inactive);

    const existing = await tx.unitHold.findMany({ where: { leaseId: data.leaseId } });
    if (existing.length > 0) {
      const same =
        existing.length === data.unitIds.length &&
        existing.every(
          (h) =>
            data.unitIds.includes(h.unitId) &&
            fromDbDate(h.fromDate) === data.fromDate &&
            fromDbDate(h.toDate) === data.toDate,
        );
      if (same) return existing.map(holdView);
      throw conflict(
        `lease ${data.leaseId} already holds other units or dates; release them first`,
      );
    }

    const overlapping = await tx.unitHold.findMany({
      where: {
        unitId: { in: data.unitIds },
        fromDate: { lte: toDbDate(data.toDate) },
        toDate: { gte: toDbDate(data.fromDate) },
      },
      orderBy: { fromDate: "asc" },
    });
    if (overlapping.length > 0) {
      const details = overlapping.map((h) => ({
        field: `unitIds.${data.unitIds.indexOf(h.unitId)}`,
        message: `held by lease ${h.leaseId} from ${fromDbDate(h.fromDate)} to ${fromDbDate(h.toDate)}`,
      }));
      const first = overlapping[0]!;
      throw conflict(
        `unit ${byId.get(first.unitId)?.code} is already held by lease ${first.leaseId} from ${fromDbDate(first.fromDate)} to ${fromDbDate(first.toDate)}`,
        details,
      );
    }

    await tx.unitHold.createMany({
      data: data.unitIds.map((unitId) => ({
        id: newId("hld"),
        unitId,
        siteId,
        leaseId: data.leaseId,
        fromDate: toDbDate(data.fromDate),
        toDate: toDbDate(data.toDate),
        actor: caller.actor,
      })),
    });
    const site = await tx.site.findUniqueOrThrow({
      where: { id: siteId },
      select: { timeZone: true },
    });
    const today = todayIn(site.timeZone, new Date());
    if (data.fromDate <= today && today <= data.toDate) {
      for (const unit of units) {
        if (!leasedWhenHeld.includes(unit.status)) continue;
        await recordStatusChange(
          tx,
          caller,
          unit,
          "leased",
          `lease ${data.leaseId} from ${data.fromDate}`,
          facts.currency,
        );
        statusChanged = true;
      }
    }
    return (
      await tx.unitHold.findMany({ where: { leaseId: data.leaseId }, orderBy: { unitId: "asc" } })
    ).map(holdView);
  });
  if (statusChanged) deps.outboxWritten();
  return holds;
}
