import type { EventEnvelope } from "@slms/contracts";
import { chunkEvents, RUN_CHUNK } from "../src/db/run-sql.ts";
import type { PrismaClient } from "../src/generated/prisma/client.ts";

/**
 * The `billing.bill.issued` events billing runs wrote to the outbox (published or not), as the
 * relay reads them from the runs' chunk rows.
 */
export async function runIssuedEvents(prisma: PrismaClient): Promise<EventEnvelope[]> {
  const rows = await prisma.outboxMessage.findMany({
    where: { type: RUN_CHUNK },
    orderBy: { seq: "asc" },
  });
  const events: EventEnvelope[] = [];
  for (const row of rows) {
    const batch: EventEnvelope = {
      id: row.id,
      type: row.type,
      version: row.version,
      occurredAt: row.occurredAt.toISOString(),
      orgId: row.orgId,
      siteId: row.siteId,
      actor: row.actor,
      traceparent: row.traceparent,
      data: row.data as Record<string, unknown>,
    };
    events.push(...(await chunkEvents(batch, prisma)));
  }
  return events;
}

/** The bills the events name, sorted; throws on an event naming a bill twice. */
export function billIdsOf(events: readonly EventEnvelope[]): string[] {
  const ids = events.map((e) => String(e.data.billId)).sort();
  if (new Set(ids).size !== ids.length)
    throw new Error("a bill has two billing.bill.issued events");
  return ids;
}
