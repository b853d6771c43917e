import { newId } from "@slms/db";
import { conflict, invalid, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { fromDbDate, toDbDate } from "@slms/primitives/zoned";
import { z } from "zod";
import type { BillingDeps } from "../deps.ts";
import { date, id } from "../domain/fields.ts";
import type { Meter } from "../generated/prisma/client.ts";
import { notOfSite, requireSiteInScope, requireUnitsOfSite } from "../site-scope.ts";

const input = z.object({
  siteId: id,
  meterCode: z
    .string()
    .trim()
    .regex(/^[\w.\-/]{1,40}$/, "must be 1–40 letters, digits, '.', '_', '/' or '-'"),
  kind: z.enum(["water", "electricity"]),
  unitId: id.optional(),
  sharedUnitIds: z.array(id).max(500).default([]),
  readingDate: date,
  valueMilli: z.number().int().nonnegative("must not be negative").max(Number.MAX_SAFE_INTEGER),
});

/**
 * Records a meter reading. The first reading of a code creates the meter of the request's site:
 * one unit's, or a shared meter over several units (its cost is later split by area). The units
 * must be units of the site (the assets service's) — NOT_FOUND naming the field otherwise — and a
 * later reading must name the same kind and units as the meter has. One reading per meter and
 * date.
 */
export async function recordMeterReading(
  deps: BillingDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<{ id: string; meterCode: string; readingDate: string; valueMilli: number }> {
  const data = parseInput(input, request, "meter reading");
  const { siteId } = data;
  requireSiteInScope(caller, siteId);
  if (!data.unitId && data.sharedUnitIds.length === 0) {
    throw invalid("invalid meter reading", [
      {
        field: "unitId",
        message: "name the unit, or the units of a shared meter in sharedUnitIds",
      },
    ]);
  }
  const existing = await deps.db.meter.findUnique({
    where: { siteId_code: { siteId, code: data.meterCode } },
  });
  if (existing && existing.orgId !== caller.orgId) throw notOfSite("meter", "meterCode");
  // The units a meter measures were checked when it was created; any other is checked now.
  const measured = new Set(existing ? [existing.unitId, ...existing.sharedUnitIds] : []);
  await requireUnitsOfSite(
    deps,
    caller,
    siteId,
    [
      ...(data.unitId ? [{ field: "unitId", unitId: data.unitId }] : []),
      ...data.sharedUnitIds.map((unitId, i) => ({ field: `sharedUnitIds.${i}`, unitId })),
    ].filter((unit) => !measured.has(unit.unitId)),
  );
  const meter =
    existing ??
    (await deps.db.meter
      .create({
        data: {
          id: newId("mtr"),
          orgId: caller.orgId,
          siteId,
          code: data.meterCode,
          kind: data.kind,
          unitId: data.unitId ?? null,
          sharedUnitIds: data.sharedUnitIds,
        },
      })
      .catch(async () =>
        deps.db.meter.findUniqueOrThrow({
          where: { siteId_code: { siteId, code: data.meterCode } },
        }),
      ));
  requireSameMeter(meter, data);
  try {
    const reading = await deps.db.meterReading.create({
      data: {
        id: newId("mrd"),
        meterId: meter.id,
        readingDate: toDbDate(data.readingDate),
        valueMilli: BigInt(data.valueMilli),
        actor: caller.actor,
      },
    });
    return {
      id: reading.id,
      meterCode: meter.code,
      readingDate: fromDbDate(reading.readingDate),
      valueMilli: Number(reading.valueMilli),
    };
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") {
      throw conflict(`meter ${data.meterCode} already has a reading on ${data.readingDate}`, [
        { field: "readingDate", message: "already read" },
      ]);
    }
    throw error;
  }
}

/** A reading names the meter as it was created: its kind and the units it measures. */
function requireSameMeter(
  meter: Meter,
  data: { kind: string; unitId?: string | undefined; sharedUnitIds: string[] },
): void {
  const problems = [
    ...(meter.kind === data.kind
      ? []
      : [{ field: "kind", message: `meter ${meter.code} measures ${meter.kind}` }]),
    ...((meter.unitId ?? undefined) === data.unitId
      ? []
      : [{ field: "unitId", message: `is not the unit meter ${meter.code} measures` }]),
    ...(sameSet(meter.sharedUnitIds, data.sharedUnitIds)
      ? []
      : [{ field: "sharedUnitIds", message: `are not the units meter ${meter.code} measures` }]),
  ];
  if (problems.length > 0) throw invalid("the reading does not match the meter", problems);
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
