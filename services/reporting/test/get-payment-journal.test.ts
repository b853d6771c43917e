import { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getPaymentJournal } from "../src/use-cases/get-payment-journal.ts";
import { hq, paymentEvent, readModels, siteCreated, staffAt } from "./support.ts";

let models: Awaited<ReturnType<typeof readModels>>;
beforeAll(async () => {
  models = await readModels("payment_journal");
  const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
  await apply(siteCreated("sit_sh", "Asia/Shanghai"));
  await apply(siteCreated("sit_ny", "America/New_York"));
  const recorded = "payments.payment.recorded" as const;
  // Shanghai: 17:00Z on 1 June is 01:00 on 2 June there.
  await apply(
    paymentEvent(recorded, "sit_sh", "p1", {
      amountMinor: 10_000,
      receivedAt: "2026-06-01T03:00:00Z",
    }),
  );
  await apply(
    paymentEvent(recorded, "sit_sh", "p2", {
      amountMinor: 2_550,
      receivedAt: "2026-06-01T15:59:59.999Z",
    }),
  );
  await apply(
    paymentEvent(recorded, "sit_sh", "p3", {
      amountMinor: 7_000,
      receivedAt: "2026-06-01T17:00:00Z",
    }),
  );
  await apply(
    paymentEvent(recorded, "sit_sh", "p4", {
      amountMinor: 50_000,
      receivedAt: "2026-06-01T04:00:00Z",
      method: "cash",
      actor: "usr_other",
    }),
  );
  // New York: 03:00Z on 1 June is still 31 May there.
  await apply(
    paymentEvent(recorded, "sit_ny", "p5", {
      amountMinor: 1_000,
      receivedAt: "2026-06-01T03:00:00Z",
    }),
  );
  // p2 reversed, heard of normally; p6's reversal heard of before its recording.
  await apply(
    paymentEvent("payments.payment.reversed", "sit_sh", "p2", {
      amountMinor: 2_550,
      receivedAt: "2026-06-01T15:59:59.999Z",
      actor: "usr_manager",
    }),
  );
  await apply(
    paymentEvent("payments.payment.reversed", "sit_sh", "p6", {
      amountMinor: 300,
      receivedAt: "2026-06-02T01:00:00Z",
      actor: "usr_manager",
    }),
  );
  await apply(
    paymentEvent(recorded, "sit_sh", "p6", {
      amountMinor: 300,
      receivedAt: "2026-06-02T01:00:00Z",
    }),
  );
});
afterAll(async () => {
  await models?.close();
});

const line = (l: Awaited<ReturnType<typeof getPaymentJournal>>[number]) => [
  l.siteId,
  l.date,
  l.method,
  l.cashier,
  l.payments,
  Number(l.receivedMinor),
  l.reversed,
  Number(l.reversedMinor),
];

describe("getPaymentJournal", () => {
  it("sums payments by site, day in the site's time zone, method and cashier, with reversals", async () => {
    const lines = await getPaymentJournal(models.deps, hq, undefined, {
      fromDate: "2026-05-31",
      toDate: "2026-06-02",
    });
    expect(lines.map(line)).toEqual([
      ["sit_ny", "2026-05-31", "wechat_pay", "usr_cashier", 1, 1_000, 0, 0],
      ["sit_sh", "2026-06-01", "cash", "usr_other", 1, 50_000, 0, 0],
      ["sit_sh", "2026-06-01", "wechat_pay", "usr_cashier", 2, 12_550, 1, 2_550],
      ["sit_sh", "2026-06-02", "wechat_pay", "usr_cashier", 2, 7_300, 1, 300],
    ]);
    expect(lines.every((l) => l.currency === "CNY")).toBe(true);
  });

  it("keeps to the days asked and to the caller's sites", async () => {
    const day = await getPaymentJournal(models.deps, staffAt("sit_sh"), undefined, {
      fromDate: "2026-06-02",
      toDate: "2026-06-02",
    });
    expect(day.map(line)).toEqual([
      ["sit_sh", "2026-06-02", "wechat_pay", "usr_cashier", 2, 7_300, 1, 300],
    ]);
    const none = await getPaymentJournal(models.deps, staffAt("sit_ny"), undefined, {
      fromDate: "2026-06-01",
      toDate: "2026-06-30",
    });
    expect(none).toEqual([]);
    const hidden = await getPaymentJournal(models.deps, staffAt("sit_ny"), "sit_sh", {
      fromDate: "2026-06-01",
      toDate: "2026-06-30",
    }).catch((e) => e);
    expect((hidden as DomainError).kind).toBe("not_found");
  });

  it("refuses bad or reversed dates and more than 366 days, naming the field", async () => {
    for (const [fromDate, toDate, field] of [
      ["2026-02-30", "2026-03-01", "fromDate"],
      ["2026-06-01", "", "toDate"],
      ["2026-06-02", "2026-06-01", "toDate"],
      ["2025-01-01", "2026-01-02", "toDate"],
    ] as const) {
      const error = await getPaymentJournal(models.deps, hq, undefined, { fromDate, toDate }).catch(
        (e) => e,
      );
      expect(error, `${fromDate}…${toDate}`).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.map((d) => d.field)).toEqual([field]);
    }
    // Exactly 366 days (a leap year) is allowed.
    await expect(
      getPaymentJournal(models.deps, hq, undefined, {
        fromDate: "2028-01-01",
        toDate: "2028-12-31",
      }),
    ).resolves.toEqual([]);
  });
});
