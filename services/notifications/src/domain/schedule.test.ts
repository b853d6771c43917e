import { addDays } from "@slms/primitives";
import { describe, expect, it } from "vitest";
import { dueDateWindow, dueStep, dueStepsByDate } from "./schedule.ts";
import { defaultSettings } from "./settings.ts";

const due = "2026-03-10";
const ladder = defaultSettings.ladder;
const stepOn = (offset: number, reminder = 3) =>
  dueStep(due, addDays(due, offset), reminder, ladder)?.step ?? null;

describe("dueStep", () => {
  it.each([
    [-10, null],
    [-4, null],
    [-3, "reminder"],
    [-1, "reminder"],
    [0, null],
    [1, "d+1"],
    [6, "d+1"],
    [7, "d+7"],
    [14, "d+7"],
    [15, "d+15"],
    [22, "d+15"],
    [23, null],
    [29, null],
    [30, "d+30"],
    [37, "d+30"],
    [38, null],
    [400, null],
  ])("%d days from the due date: %s", (offset, step) => {
    expect(stepOn(offset)).toBe(step);
  });

  it("misses a step left more than a week behind when the next is not reached", () => {
    expect(dueStep(due, addDays(due, 9), 3, [{ afterDays: 1, audiences: ["tenant"] }])).toBeNull();
  });

  it("sends no reminder when the site set 0 days", () => {
    expect(stepOn(-1, 0)).toBeNull();
  });

  it("names the step's audiences", () => {
    expect(dueStep(due, addDays(due, 30), 3, ladder)).toEqual({
      kind: "dunning",
      step: "d+30",
      afterDays: 30,
      audiences: ["site_manager", "finance"],
    });
  });
});

describe("dueDateWindow", () => {
  it("covers the reminder days ahead and the last step's catch-up behind", () => {
    expect(dueDateWindow("2026-03-10", 3, ladder)).toEqual({
      from: "2026-02-01",
      to: "2026-03-13",
    });
  });
});

describe("dueStepsByDate", () => {
  it("answers dueStep for every due date of the window, and only the dates due for a step", () => {
    const today = "2026-04-15";
    const byDate = dueStepsByDate(today, 3, ladder);
    const window = dueDateWindow(today, 3, ladder);
    for (let date = window.from; date <= window.to; date = addDays(date, 1)) {
      const expected = dueStep(date, today, 3, ladder);
      expect(byDate.find((entry) => entry.dueDate === date)?.step ?? null).toEqual(expected);
    }
    expect(byDate.map((entry) => entry.step.step)).toContain("reminder");
    expect(
      byDate.every((entry) => entry.dueDate >= window.from && entry.dueDate <= window.to),
    ).toBe(true);
  });

  it("is empty with neither a reminder nor a ladder", () => {
    expect(dueStepsByDate("2026-04-15", 0, [])).toEqual([]);
  });
});
