import type { SqlClient, TransactionalClient, TransactionOptions } from "./sql-client.ts";

/** What {@link runOnce} did. */
export type RunOnceResult<T> = { duplicate: true } | { duplicate: false; value: T };

/**
 * Runs `fn` at most once per (consumer, messageId): in one interactive transaction it records
 * the message in `inbox_messages` (`ON CONFLICT DO NOTHING`) and, only if the row is new, runs
 * `fn(tx)`. The inbox row and fn's effects commit together; if `fn` throws, both roll back and a
 * redelivery runs it again. Of concurrent deliveries of one message, one runs `fn` and the others
 * wait for it, then report `duplicate: true` (or run `fn` if the first one rolled back).
 *
 * @param consumer names the handler (e.g. `billing.on-lease-activated`); one message may be
 *   handled once by each consumer.
 * @param messageId the envelope id (a UUID).
 */
export async function runOnce<Tx extends SqlClient, T>(
  prisma: TransactionalClient<Tx>,
  consumer: string,
  messageId: string,
  fn: (tx: Tx) => Promise<T>,
  options?: TransactionOptions,
): Promise<RunOnceResult<T>> {
  return prisma.$transaction(async (tx): Promise<RunOnceResult<T>> => {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO inbox_messages (consumer, message_id) VALUES ($1, $2::uuid)
       ON CONFLICT DO NOTHING`,
      consumer,
      messageId,
    );
    if (inserted === 0) return { duplicate: true };
    return { duplicate: false, value: await fn(tx) };
  }, options);
}

/**
 * Takes messages as handled by `consumer` without running anything: each of them arriving later
 * is a duplicate to {@link runOnce}. For events whose effect was taken back before they all
 * arrived (an import rolled back while its events were still on their way).
 */
export async function markHandled(
  tx: SqlClient,
  consumer: string,
  messageIds: readonly string[],
): Promise<void> {
  if (messageIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO inbox_messages (consumer, message_id)
     SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
    consumer,
    messageIds,
  );
}

/**
 * Forgets inbox rows received before `olderThan`. Keep them longer than any redelivery can take
 * (the broker's dead-letter retention, relay retries), or a late duplicate runs again.
 * @returns how many rows were deleted.
 */
export async function pruneInbox(prisma: SqlClient, olderThan: Date): Promise<number> {
  return prisma.$executeRawUnsafe(
    "DELETE FROM inbox_messages WHERE received_at < $1::timestamptz",
    olderThan.toISOString(),
  );
}
