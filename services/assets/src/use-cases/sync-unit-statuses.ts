import { notFound } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { canSeeSite } from "@slms/grpc";
import { toDbDate, todayIn } from "@slms/primitives/zoned";
import { lockUnits, recordStatusChange } from "../db/status.ts";
import type { AssetsDeps } from "../deps.ts";
import { leasedWhenHeld } from "../domain/unit-status.ts";

/**
 * Brings unit statuses in line with holds as of each site's today: a unit held today becomes
 * leased (from vacant or reserved); a leased unit whose holds have all ended becomes vacant.
 * Units marked leased by hand and never held are left alone. Every change is re-checked under
 * the row lock, so running it on several replicas at once changes each unit once.
 */
export async function syncUnitStatuses(
  deps: AssetsDeps,
  caller: Caller,
  siteId?: string,
): Promise<number> {
  if (siteId && !canSeeSite(caller, siteId)) throw notFound("site");
  // The platform's own job runs for every organisation; anyone else within their own.
  const everyOrganisation = caller.roles.includes("system") && caller.orgId === "system";
  const sites = await deps.db.site.findMany({
    where: {
      ...(everyOrganisation ? {} : { orgId: caller.orgId }),
      ...(siteId
        ? { id: siteId }
        : caller.siteIds === "all"
          ? {}
          : { id: { in: [...caller.siteIds] } }),
    },
    select: { id: true, timeZone: true, currency: true },
  });
  if (siteId && sites.length === 0) throw notFound("site");
  let changed = 0;
  for (const site of sites) {
    const today = toDbDate(todayIn(site.timeZone, new Date()));
    const toLease = await deps.db.unit.findMany({
      where: {
        siteId: site.id,
        status: { in: [...leasedWhenHeld] },
        holds: { some: { fromDate: { lte: today }, toDate: { gte: today } } },
      },
      select: { id: true },
    });
    const toVacate = await deps.db.unit.findMany({
      where: {
        siteId: site.id,
        status: "leased",
        holds: { some: {}, none: { fromDate: { lte: today }, toDate: { gte: today } } },
      },
      select: { id: true },
    });
    for (const { id } of [...toLease, ...toVacate]) {
      const didChange = await deps.db.$transaction(async (tx) => {
        const [unit] = await lockUnits(tx, site.id, [id]);
        if (!unit) return false;
        const heldToday = await tx.unitHold.findFirst({
          where: { unitId: id, fromDate: { lte: today }, toDate: { gte: today } },
          select: { leaseId: true },
        });
        if (heldToday && leasedWhenHeld.includes(unit.status)) {
          await recordStatusChange(
            tx,
            caller,
            unit,
            "leased",
            `lease ${heldToday.leaseId} in effect`,
            site.currency,
          );
          return true;
        }
        if (!heldToday && unit.status === "leased") {
          await recordStatusChange(tx, caller, unit, "vacant", "lease ended", site.currency);
          return true;
        }
        return false;
      });
      if (didChange) changed++;
    }
  }
  if (changed > 0) deps.outboxWritten();
  return changed;
}
