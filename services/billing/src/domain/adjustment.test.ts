import { addDays } from "@slms/primitives/civil-date";
import { describe, expect, it } from "vitest";
import {
  type Adjustment,
  adjustmentFor,
  type BilledLine,
  type LineAdjustment,
  reconcileSchedule,
  type ScheduleLine,
} from "./adjustment.ts";

describe("adjustmentFor", () => {
  it.each<[number, number, Adjustment]>([
    [100_000, 100_000, { kind: "none" }],
    [100_000, 150_000, { kind: "extra_bill", amountMinor: 50_000 }],
    [150_000, 100_000, { kind: "credit_note", amountMinor: 50_000 }],
    [0, 0, { kind: "none" }],
    [0, 1, { kind: "extra_bill", amountMinor: 1 }],
    [30_000, 0, { kind: "credit_note", amountMinor: 30_000 }],
    [30_000, 19_355, { kind: "credit_note", amountMinor: 10_645 }],
  ])("billed %i, now %i → %j", (billed, now, expected) => {
    expect(adjustmentFor(billed, now)).toEqual(expected);
  });

  it.each([
    [-1, 0],
    [0, -1],
    [0.5, 1],
    [1, 2 ** 53],
  ])("throws on billed %d, now %d", (billed, now) => {
    expect(() => adjustmentFor(billed, now)).toThrow(RangeError);
  });
});

// A lease 2026-01-01..2026-12-31: monthly rent 300.00 and management 50.00, issued 10 days
// ahead, due on the 5th.
const months = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];
const monthEnd = (m: string) =>
  addDays(m === "12" ? "2027-01-01" : `2026-${months[months.indexOf(m) + 1]}-01`, -1);

const line = (
  feeCode: string,
  m: string,
  amountMinor: number,
  overrides: Partial<ScheduleLine> = {},
) =>
  ({
    feeCode,
    periodStart: `2026-${m}-01`,
    periodEnd: monthEnd(m),
    amountMinor,
    issueDate: addDays(`2026-${m}-01`, -10),
    dueDate: `2026-${m}-05`,
    ...overrides,
  }) satisfies ScheduleLine;

/** Rent and management lines for `ms` (month numbers), at the standard amounts unless given. */
const lines = (ms: string[], rent = 30_000, management = 5_000): ScheduleLine[] =>
  ms.flatMap((m) => [line("management", m, management), line("rent", m, rent)]);

const billedOf = (ls: ScheduleLine[]): BilledLine[] =>
  ls.map(({ feeCode, periodStart, amountMinor }) => ({ feeCode, periodStart, amountMinor }));

const upTo = (m: string) => months.slice(0, months.indexOf(m) + 1);
const from = (m: string) => months.slice(months.indexOf(m));

const adjusted = (feeCode: string, m: string, billed: number, now: number): LineAdjustment => ({
  feeCode,
  periodStart: `2026-${m}-01`,
  billedAmountMinor: billed,
  newAmountMinor: now,
  adjustment: adjustmentFor(billed, now) as LineAdjustment["adjustment"],
});

describe("reconcileSchedule", () => {
  it("nothing changed: nothing to do", () => {
    const result = reconcileSchedule({
      billed: billedOf(lines(upTo("03"))),
      pending: lines(from("04")),
      newSchedule: lines(months),
    });
    expect(result).toEqual({ adjust: [], schedule: [], cancel: [] });
  });

  it("an amendment raising periods not billed yet: just rescheduled", () => {
    const newSchedule = [...lines(upTo("03")), ...lines(from("04"), 33_000)];
    const result = reconcileSchedule({
      billed: billedOf(lines(upTo("03"))),
      pending: lines(from("04")),
      newSchedule,
    });
    expect(result.adjust).toEqual([]);
    expect(result.cancel).toEqual([]);
    expect(result.schedule).toEqual(from("04").map((m) => line("rent", m, 33_000)));
  });

  it("an amendment from 03-16 touching billed March and April: extra bills", () => {
    // March: 15 days at 300.00 and 16 at 330.00 of 31 = 315.48387… → 315.48; April billed ahead.
    const newSchedule = [
      ...lines(upTo("02")),
      line("management", "03", 5_000),
      line("rent", "03", 31_548),
      ...lines(from("04"), 33_000),
    ];
    const result = reconcileSchedule({
      billed: billedOf(lines(upTo("04"))),
      pending: lines(from("05")),
      newSchedule,
    });
    expect(result.adjust).toEqual([
      adjusted("rent", "03", 30_000, 31_548),
      adjusted("rent", "04", 30_000, 33_000),
    ]);
    expect(result.adjust.map((a) => a.adjustment)).toEqual([
      { kind: "extra_bill", amountMinor: 1_548 },
      { kind: "extra_bill", amountMinor: 3_000 },
    ]);
    expect(result.schedule).toEqual(from("05").map((m) => line("rent", m, 33_000)));
    expect(result.cancel).toEqual([]);
  });

  it("an amendment lowering a billed period: a credit note", () => {
    const result = reconcileSchedule({
      billed: billedOf(lines(upTo("04"))),
      pending: lines(from("05")),
      newSchedule: [...lines(upTo("03")), ...lines(from("04"), 27_000)],
    });
    expect(result.adjust).toEqual([adjusted("rent", "04", 30_000, 27_000)]);
    expect(result.adjust[0]?.adjustment).toEqual({ kind: "credit_note", amountMinor: 3_000 });
    expect(result.schedule).toHaveLength(8);
  });

  it("termination on 03-20: credit notes for March's unused days, the rest cancelled", () => {
    // 20 of 31 days: rent 300.00 × 20/31 = 193.548… → 193.55; management 50.00 × 20/31 → 32.26.
    const cut = { periodEnd: "2026-03-20" };
    const result = reconcileSchedule({
      billed: billedOf(lines(upTo("03"))),
      pending: lines(from("04")),
      newSchedule: [
        ...lines(upTo("02")),
        line("management", "03", 3_226, cut),
        line("rent", "03", 19_355, cut),
      ],
      droppedAfter: "2026-03-20",
    });
    expect(result.adjust).toEqual([
      adjusted("management", "03", 5_000, 3_226),
      adjusted("rent", "03", 30_000, 19_355),
    ]);
    expect(result.adjust.map((a) => a.adjustment)).toEqual([
      { kind: "credit_note", amountMinor: 1_774 },
      { kind: "credit_note", amountMinor: 10_645 },
    ]);
    expect(result.schedule).toEqual([]);
    expect(result.cancel).toEqual(lines(from("04")));
  });

  it("termination on 03-31 dropping billed April and May: credit notes for all of them", () => {
    const result = reconcileSchedule({
      billed: billedOf(lines(upTo("05"))),
      pending: lines(from("06")),
      newSchedule: lines(upTo("03")),
      droppedAfter: "2026-03-31",
    });
    expect(result.adjust).toEqual([
      adjusted("management", "04", 5_000, 0),
      adjusted("rent", "04", 30_000, 0),
      adjusted("management", "05", 5_000, 0),
      adjusted("rent", "05", 30_000, 0),
    ]);
    expect(result.schedule).toEqual([]);
    expect(result.cancel).toEqual(lines(from("06")));
  });

  it("droppedAfter drops periods starting after it even if the schedule still lists them", () => {
    const change = {
      billed: billedOf(lines(upTo("05"))),
      pending: lines(from("06")),
      droppedAfter: "2026-03-31",
    };
    expect(reconcileSchedule({ ...change, newSchedule: lines(months) })).toEqual(
      reconcileSchedule({ ...change, newSchedule: lines(upTo("03")) }),
    );
  });

  it("a fee dropped by an amendment: billed periods credited, pending ones cancelled", () => {
    const result = reconcileSchedule({
      billed: billedOf(lines(upTo("04"))),
      pending: lines(from("05")),
      newSchedule: [...lines(upTo("03")), ...from("04").map((m) => line("rent", m, 30_000))],
    });
    expect(result.adjust).toEqual([adjusted("management", "04", 5_000, 0)]);
    expect(result.schedule).toEqual([]);
    expect(result.cancel).toEqual(from("05").map((m) => line("management", m, 5_000)));
  });

  it("a fee added by an amendment: scheduled", () => {
    const parking = from("07").map((m) => line("parking", m, 20_000));
    const result = reconcileSchedule({
      billed: billedOf(lines(upTo("03"))),
      pending: lines(from("04")),
      newSchedule: [...lines(months), ...parking],
    });
    expect(result).toEqual({ adjust: [], schedule: parking, cancel: [] });
  });

  it("a pending line whose due date moved is rescheduled; a billed one is not adjusted", () => {
    const moved = (m: string) => line("rent", m, 30_000, { dueDate: `2026-${m}-10` });
    const result = reconcileSchedule({
      billed: billedOf(lines(upTo("03"))),
      pending: lines(from("04")),
      newSchedule: [...lines(months).filter((l) => l.feeCode !== "rent"), ...months.map(moved)],
    });
    expect(result.adjust).toEqual([]);
    expect(result.schedule).toEqual(from("04").map(moved));
  });

  it("a lease's first schedule: everything is scheduled", () => {
    const result = reconcileSchedule({ billed: [], pending: [], newSchedule: lines(months) });
    expect(result.schedule).toEqual(lines(months));
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      "a billed period listed twice",
      () =>
        reconcileSchedule({ billed: billedOf(lines(["01", "01"])), pending: [], newSchedule: [] }),
      /billed: management from 2026-01-01 is listed twice/,
    ],
    [
      "a period both billed and pending",
      () =>
        reconcileSchedule({
          billed: billedOf(lines(["01"])),
          pending: lines(["01"]),
          newSchedule: [],
        }),
      /both billed and pending/,
    ],
    [
      "a new line running past droppedAfter",
      () =>
        reconcileSchedule({
          billed: [],
          pending: [],
          newSchedule: lines(["03"]),
          droppedAfter: "2026-03-20",
        }),
      /runs past the lease's end 2026-03-20/,
    ],
    [
      "a negative amount",
      () => reconcileSchedule({ billed: [], pending: [], newSchedule: [line("rent", "01", -1)] }),
      /negative/,
    ],
    [
      "a malformed period start",
      () =>
        reconcileSchedule({
          billed: [{ feeCode: "rent", periodStart: "2026-1-01", amountMinor: 1 }],
          pending: [],
          newSchedule: [],
        }),
      /malformed period start/,
    ],
  ])("throws on %s", (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
