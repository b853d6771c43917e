import { newId } from "@slms/db";
import { conflict, invalid, notFound, parseInput } from "@slms/errors";
import { type Caller, canSeeSite } from "@slms/grpc";
import { isCivilDate } from "@slms/primitives/civil-date";
import { fromDbDate, toDbDate } from "@slms/primitives/zoned";
import { z } from "zod";
import type { BillingDeps } from "../deps.ts";

const input = z.object({
  meterCode: z
    .string()
    .trim()
    .regex(/^[\w.\-/]{1,40}$/, "must be 1–40 letters, digits, '.', '_', '/' or '-'"),
  kind: z.enum(["water", "electricity"]),
  unitId: z.string().optional(),
  sharedUnitIds: z.array(z.string().min(1)).max(500).default([]),
  readingDate: z.string().refine(isCivilDate, "must be a date as YYYY-MM-DD"),
  valueMilli: z.number().int().nonnegative("must not be negative").max(Number.MAX_SAFE_INTEGER),
});

/**
 * Records a meter reading. The first reading of a code creates the meter: one unit's, or a shared
 * meter over several units (its cost is later split by area). One reading per meter and date.
 */
export async function recordMeterReading(
  deps: BillingDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<{ id: string; meterCode: string; readingDate: string; valueMilli: number }> {
  const data = parseInput(input, request, "meter reading");
  if (!canSeeSite(caller, siteId)) throw notFound("site");
  if (!data.unitId && data.sharedUnitIds.length === 0) {
    throw invalid("invalid meter reading", [
      {
        field: "unitId",
        message: "name the unit, or the units of a shared meter in sharedUnitIds",
      },
    ]);
  }
  for (const [i, unitId] of [
    ...(data.unitId ? [data.unitId] : []),
    ...data.sharedUnitIds,
  ].entries()) {
    await deps.assets.GetUnit({ siteId, id: unitId }, { caller }).catch(() => {
      throw invalid("invalid meter reading", [
        {
          field: data.unitId && i === 0 ? "unitId" : `sharedUnitIds.${data.unitId ? i - 1 : i}`,
          message: "is not a unit of this site",
        },
      ]);
    });
  }
  const meter =
    (await deps.db.meter.findUnique({
      where: { siteId_code: { siteId, code: data.meterCode } },
    })) ??
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
  if (meter.orgId !== caller.orgId) throw notFound("meter");
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
