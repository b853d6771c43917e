import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";

/** What a service's list by update time (`updatedSince`, @slms/db `updateKeyset`) is given. */
export interface LateCommitCase {
  /** The settle horizon the list under test uses, ms. */
  settleMs: number;
  /** The two rows of the scenario. */
  late: string;
  early: string;
  /**
   * Opens a transaction, stamps `late` in it (`updated_at = now()`, the transaction's start),
   * runs `meanwhile` while it is still open, then commits.
   */
  writeLateAround(meanwhile: () => Promise<void>): Promise<void>;
  /** Stamps `early` through the service (committed at once). */
  writeEarly(): Promise<void>;
  /** Every committed row updated at or after `from`, as a list without a horizon would give. */
  naive(from: string): Promise<{ id: string; updated_at: Date }[]>;
  /** Every row the list under test gives since `from`, page by page. */
  listSince(from: string): Promise<{ id: string; updatedAt: Date }[]>;
}

/**
 * A write that commits late must reach a client resuming from the last `updated_at` it saw: a
 * writer stamps `late` and stays open (longer than the horizon, as a go-live import may) while
 * `early`, stamped after it, commits. Without the horizon the client sees `early`, resumes from
 * it and never sees `late`; with it, neither is listed while the writer is open, and both — `late`
 * first — once it committed and settled. The same scenario for every service's list.
 */
export async function expectLateCommitDelivered(c: LateCommitCase): Promise<void> {
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
  // From now: the rows' committed versions from before are not the writes under test.
  const since = new Date().toISOString();
  await sleep(5);
  let resume = since;
  let unsafeResume = since;
  await c.writeLateAround(async () => {
    await sleep(20);
    await c.writeEarly();
    // Without a horizon a client sees `early` now; resuming from its updated_at would skip
    // `late` for ever: the hazard the horizon exists for.
    const unsafe = await c.naive(since);
    assert.ok(ids(unsafe).includes(c.early), "a list without a horizon shows the early write");
    assert.ok(!ids(unsafe).includes(c.late), "a list without a horizon misses the open write");
    unsafeResume = unsafe.at(-1)!.updated_at.toISOString();
    await sleep(c.settleMs * 3);
    // The open transaction holds the horizon at its start: neither is listed yet.
    const first = await c.listSince(since);
    assert.ok(!ids(first).includes(c.early), "the early write waits for the open transaction");
    assert.ok(!ids(first).includes(c.late), "the open write is not listed");
    resume = first.at(-1)?.updatedAt.toISOString() ?? since;
  });
  assert.ok(!ids(await c.naive(unsafeResume)).includes(c.late), "the naive client lost it");
  await sleep(c.settleMs + 100);
  const listed = ids(await c.listSince(resume));
  assert.ok(listed.includes(c.late), "the late write is listed once committed and settled");
  assert.ok(listed.includes(c.early), "the early write is listed");
  assert.ok(listed.indexOf(c.late) < listed.indexOf(c.early), "in (updated_at, id) order");
}
