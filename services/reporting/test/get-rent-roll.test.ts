import type { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getRentRoll } from "../src/use-cases/get-rent-roll.ts";
import { billHistory, event, hq, leaseEvent, readModels, staffAt, unitCreated } from "./support.ts";

let models: Awaited<ReturnType<typeof readModels>>;
const deposit = (leaseId: string, heldMinor: number, at: string, type = "received") =>
  event(
    `payments.deposit.${type}`,
    "sit_r",
    {
      entryId: `${leaseId}-${at}`,
      siteId: "sit_r",
      leaseId,
      customerId: "cus_1",
      type,
      amountMinor: heldMinor,
      heldMinor,
      currency: "CNY",
    },
    at,
  );
const customer = (name: string, at: string) =>
  event(
    "customers.customer.updated",
    "sit_r",
    {
      customerId: "cus_1",
      siteId: "sit_r",
      kind: "company",
      name,
      phones: [],
      email: "",
      tags: [],
      consentSms: false,
      consentEmail: false,
    },
    at,
  );

beforeAll(async () => {
  models = await readModels("rent_roll");
  const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
  await apply(unitCreated("sit_r", "R-102", { area: "80.25" }));
  await apply(unitCreated("sit_r", "R-101", { area: "40" }));
  // The deposit is taken while the lease is a draft: before any lease event.
  await apply(deposit("L-A", 300_000, "2026-01-01T00:00:00.000Z"));
  await apply(
    leaseEvent("contracts.lease.activated", "sit_r", "L-A", {
      unitIds: ["R-102", "R-101"],
      startDate: "2026-01-01",
      endDate: "2028-12-31",
      rent: { kind: "per_period", amountMinor: 1_203_751 },
    }),
  );
  await apply(customer("Old Name Ltd", "2026-01-01T00:00:00.000Z"));
  await apply(customer("星河贸易有限公司", "2026-02-01T00:00:00.000Z"));
  await apply(customer("Stale Name Ltd", "2026-01-15T00:00:00.000Z")); // older, heard of later
  await apply(
    leaseEvent("contracts.lease.activated", "sit_r", "L-B", {
      unitIds: ["R-unknown"],
      startDate: "2026-03-01",
      endDate: "2027-02-28",
      rent: { kind: "per_period", amountMinor: 5_000 },
    }),
  );
  // A draft with a deposit and nothing else is not on the roll.
  await apply(deposit("L-DRAFT", 100, "2026-01-01T00:00:00.000Z"));
});
afterAll(async () => {
  await models?.close();
});

describe("getRentRoll", () => {
  it("lists active leases with units, tenant, rent per month and per m², dates and deposit", async () => {
    const { lines, nextPageToken } = await getRentRoll(models.deps, hq, "sit_r", {});
    expect(nextPageToken).toBeNull();
    expect(lines).toEqual([
      {
        siteId: "sit_r",
        leaseId: "L-A",
        reference: "L-A",
        customerId: "cus_1",
        customerName: "星河贸易有限公司",
        unitCodes: ["R-101", "R-102"],
        areaHundredths: 12_025n,
        monthlyRentMinor: 1_203_751n,
        // 1,203,751 / 120.25 m² = 10,010.40 → 10,010.
        rentPerM2MonthMinor: 10_010n,
        startDate: "2026-01-01",
        endDate: "2028-12-31",
        depositHeldMinor: 300_000n,
        balanceMinor: 0n,
        overdueMinor: 0n,
        nextEscalation: null,
        currency: "CNY",
      },
      expect.objectContaining({
        leaseId: "L-B",
        unitCodes: [],
        areaHundredths: 0n,
        rentPerM2MonthMinor: null,
        depositHeldMinor: 0n,
      }),
    ]);
  });

  it("shows what the lease's bills still owe, and of it what is past due", async () => {
    const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
    const bill = (id: string, dueDate: string) =>
      billHistory("sit_r", id, { amountMinor: 500_000, dueDate, leaseId: "L-A" });
    const june = bill("r-jun", "2026-06-05"); // past due on 15 June
    await apply(june.issued());
    await apply(june.change("allocated", { allocated: 100_000 }, "2026-06-06T02:00:00.000Z"));
    await apply(bill("r-jul", "2026-07-05").issued()); // not due yet
    const may = bill("r-may", "2026-05-05");
    await apply(may.issued());
    await apply(may.change("allocated", { allocated: 500_000 }, "2026-05-04T02:00:00.000Z"));
    await apply(
      billHistory("sit_r", "r-other", { amountMinor: 7, dueDate: "2026-01-01" }).issued(),
    );
    const { lines } = await getRentRoll(models.deps, hq, "sit_r", {});
    expect(lines.map((l) => [l.leaseId, Number(l.balanceMinor), Number(l.overdueMinor)])).toEqual([
      ["L-A", 900_000, 400_000],
      ["L-B", 0, 0],
    ]);
  });

  it("shows each lease's next escalation after today, from its newest terms", async () => {
    const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
    const lease = (version: number, escalation: Parameters<typeof leaseEvent>[3]["escalation"]) =>
      leaseEvent("contracts.lease.amended", "sit_esc", "L-ESC", {
        unitIds: ["R-101"],
        startDate: "2026-01-01",
        endDate: "2028-12-31",
        rent: { kind: "per_period", amountMinor: 100_000 },
        escalation,
        version,
      });
    await apply(lease(2, { kind: "stepped", steps: [{ from: "2026-09-01", value: 110_000 }] }));
    await apply(lease(1, { kind: "fixed_percent", basisPoints: 300 })); // older, heard of later
    const line = async () =>
      (await getRentRoll(models.deps, hq, "sit_esc", {})).lines.find((l) => l.leaseId === "L-ESC");
    // The clock: 15 June 2026.
    expect((await line())?.nextEscalation).toEqual({
      date: "2026-09-01",
      kind: "stepped",
      basisPoints: null,
      valueMinor: 110_000,
    });
    await apply(lease(3, { kind: "fixed_percent", basisPoints: 300 }));
    expect((await line())?.nextEscalation).toEqual({
      date: "2027-01-01",
      kind: "fixed_percent",
      basisPoints: 300,
      valueMinor: null,
    });
  });

  it("keeps the newest deposit balance whatever the order its entries arrive in", async () => {
    await applyEvent(models.deps, deposit("L-A", 0, "2026-06-01T00:00:00.000Z", "refunded"));
    await applyEvent(models.deps, deposit("L-A", 350_000, "2026-03-01T00:00:00.000Z"));
    const { lines } = await getRentRoll(models.deps, hq, "sit_r", {});
    expect(lines[0]!.depositHeldMinor).toBe(0n);
  });

  it("pages by site and lease, refuses forged tokens, and keeps to the caller's sites", async () => {
    const first = await getRentRoll(models.deps, hq, "sit_r", { pageSize: 1 });
    expect(first.lines.map((l) => l.leaseId)).toEqual(["L-A"]);
    const second = await getRentRoll(models.deps, hq, "sit_r", {
      pageSize: 1,
      pageToken: first.nextPageToken!,
    });
    expect(second.lines.map((l) => l.leaseId)).toEqual(["L-B"]);
    expect(second.nextPageToken).toBeNull();
    const forged = await getRentRoll(models.deps, hq, undefined, { pageToken: "forged" }).catch(
      (e) => e,
    );
    expect((forged as DomainError).details.map((d) => d.field)).toEqual(["pageToken"]);
    expect((await getRentRoll(models.deps, staffAt("sit_other"), undefined, {})).lines).toEqual([]);
    const hidden = await getRentRoll(models.deps, staffAt("sit_other"), "sit_r", {}).catch(
      (e) => e,
    );
    expect((hidden as DomainError).kind).toBe("not_found");
  });
});
