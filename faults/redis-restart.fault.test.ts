// The gateway's Redis (a redis-server of this scenario's own, never the machine's) killed while
// cashiers record payments with Idempotency-Keys — each key sent twice at once, and again later —
// and started again, empty (no persistence). While it is down the gateway answers 503 and records
// nothing; afterwards every key is retried until it succeeds. The payments service dedupes on
// the request id derived from the key, so no key gets a second payment though Redis forgot it.
// Lost: keys answered 2xx without a payment. Duplicated: payments beyond one per key. Recovery:
// from Redis answering again to the gateway's first 2xx.
import { type RedisServer, startRedisServer } from "@slms/testing";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  type ApiResponse,
  type Harness,
  startHarness,
} from "../services/gateway/test/harness.ts";
import { report, seconds, sleep } from "./lib.ts";

const perPhase = 20;
let redis: RedisServer | undefined;
let h: Harness | undefined;

afterAll(async () => {
  await h?.close();
  await redis?.stop();
});

/** A valid PRC resident identity number (the check digit computed), one per call. */
let idSeq = 0;
function residentId(): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first17 = `11010119800101${String(100 + ++idSeq).slice(-3)}`;
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return first17 + "10X98765432"[sum % 11];
}

describe("Redis restarted during idempotent payment requests", () => {
  it("answers 503 while down, and no key ever gets a second payment", async () => {
    redis = await startRedisServer();
    h = await startHarness("fault_redis", { redisUrl: redis.url });
    const harness = h;
    const token = await harness.login(ADMIN.email, ADMIN.password);
    const siteId = (
      await harness.api("POST", "/api/v1/sites", {
        token,
        body: {
          code: "FR-1",
          name: "Faults",
          kind: "market",
          timeZone: "Asia/Shanghai",
          currency: "CNY",
        },
      })
    ).body.id as string;
    const customerId = (
      await harness.api("POST", `/api/v1/sites/${siteId}/customers`, {
        token,
        body: {
          kind: "person",
          name: "客户",
          idDocumentType: "resident_id",
          idNumber: residentId(),
        },
      })
    ).body.id as string;

    const answers = new Map<string, ApiResponse[]>();
    const pay = async (key: string) => {
      const response = await harness.api("POST", `/api/v1/sites/${siteId}/payments`, {
        token,
        headers: { "Idempotency-Key": key },
        body: {
          customerId,
          method: "cash",
          amountMinor: 10_000,
          receivedAt: "2026-01-03T10:00:00+08:00",
        },
      });
      answers.set(key, [...(answers.get(key) ?? []), response]);
      return response;
    };
    const twiceAtOnce = (keys: string[]) => Promise.all(keys.flatMap((k) => [pay(k), pay(k)]));
    const keys = (phase: string) =>
      Array.from({ length: perPhase }, (_, i) => `fault-${phase}-${i}`);
    const [before, during, down] = [keys("before"), keys("during"), keys("down")];

    // Redis up: each key twice at once.
    await twiceAtOnce(before);
    // Redis killed while a burst is in flight (once its first payment is answered).
    const burst = twiceAtOnce(during);
    while (!during.some((k) => answers.get(k)?.some((r) => r.status < 300))) await sleep(2);
    await redis.stop();
    await burst;
    // Redis down: each key twice at once; nothing may be written.
    const downAnswers = await twiceAtOnce(down);
    const payments = new pg.Client({ connectionString: harness.databaseUrls.payments! });
    await payments.connect();
    const perKey = async () => {
      const { rows } = await payments.query<{ request_id: string; n: number }>(
        "SELECT request_id, count(*)::int AS n FROM payments GROUP BY request_id",
      );
      return new Map(rows.map((r) => [r.request_id.slice(r.request_id.indexOf(":") + 1), r.n]));
    };
    const writtenWhileDown = [...(await perKey()).keys()].filter((k) => down.includes(k)).length;

    // Redis back, empty. Recovery: until the first 2xx of a key that got 503.
    await redis.start();
    const backAt = performance.now();
    let firstOk = await pay(down[0]!);
    while (firstOk.status >= 300 && performance.now() - backAt < 30_000) {
      await sleep(50);
      firstOk = await pay(down[0]!);
    }
    const recoverMs = performance.now() - backAt;
    // Every key retried (twice at once, then until it succeeds), the early ones included:
    // Redis forgot them, the payments service did not.
    const all = [...before, ...during, ...down];
    await twiceAtOnce(all);
    for (const key of all) {
      for (let i = 0; i < 50 && (answers.get(key) ?? []).every((r) => r.status >= 300); i++) {
        if ((await pay(key)).status < 300) break;
        await sleep(100);
      }
    }
    const counts = await perKey();
    // Keys paid before the restart, run again after it (Redis forgot them): the payments
    // service's own dedupe answered them.
    const rerun = before.filter((k) =>
      answers
        .get(k)!
        .slice(2)
        .some((r) => r.status < 300 && r.headers.get("idempotent-replayed") === null),
    ).length;
    await payments.end();

    const succeeded = all.filter((k) => answers.get(k)!.some((r) => r.status < 300));
    const lost = succeeded.filter((k) => !counts.get(k)).length;
    const duplicated = all.reduce((sum, k) => sum + Math.max(0, (counts.get(k) ?? 0) - 1), 0);
    // Every 2xx of a key names the same payment.
    const answeredTwoPayments = all.filter(
      (k) =>
        new Set(
          answers
            .get(k)!
            .filter((r) => r.status < 300)
            .map((r) => r.body.id as string),
        ).size > 1,
    ).length;
    const statuses = (list: ApiResponse[]) => {
      const byStatus = new Map<number, number>();
      for (const r of list) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      return [...byStatus].map(([status, n]) => `${n}×${status}`).join(" ");
    };
    report([
      {
        scenario: `Redis killed and restarted empty, ${all.length} payment keys`,
        expected: all.length,
        found: [...counts.values()].filter((n) => n > 0).length,
        lost,
        duplicated,
        recoverS: seconds(recoverMs),
        note: `while down: ${statuses(downAnswers)}, ${writtenWhileDown} written; killed mid-burst: ${statuses(during.flatMap((k) => answers.get(k)!.slice(0, 2)))}; ${answeredTwoPayments} keys answered with two payments; ${rerun} paid keys run again after the restart, deduped by payments`,
      },
    ]);
    expect(downAnswers.every((r) => r.status === 503 && r.headers.get("retry-after") === "1")).toBe(
      true,
    );
    expect(writtenWhileDown).toBe(0);
    expect(succeeded).toHaveLength(all.length);
    expect([lost, duplicated, answeredTwoPayments]).toEqual([0, 0, 0]);
    expect(rerun).toBe(before.length);
    expect(seconds(recoverMs)).toBeLessThanOrEqual(10);
  });
});
