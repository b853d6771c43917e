import { addDays, type CivilDate, daysBetween } from "@slms/primitives";
import type { Audience, LadderStep } from "./settings.ts";

/** What a bill is due for on a day: the reminder, or one step of the dunning ladder. */
export type DueStep =
  | { kind: "bill_reminder"; step: "reminder"; audiences: Audience[] }
  | { kind: "dunning"; step: string; afterDays: number; audiences: Audience[] };

/**
 * How far back a missed ladder step is still sent: a scheduler that was down for a few days
 * catches up, but a bill imported long overdue does not get a step meant for weeks ago.
 */
export const CATCH_UP_DAYS = 7;

/**
 * The step an open bill is due for on `today` (site time zone), if any:
 * - the reminder from `reminderDaysBefore` days before the due date until the day before it;
 * - after the due date, the newest ladder step reached (only the newest: after a pause the bill
 *   gets the step that applies now, not every step it missed), for up to {@link CATCH_UP_DAYS}
 *   days after that step's day; the last step until then too.
 * Whether the step was already queued is not this function's business (the unique key is).
 *
 * @example dueStep("2026-03-10", "2026-03-17", 3, defaultSettings.ladder) → dunning d+7
 */
export function dueStep(
  dueDate: CivilDate,
  today: CivilDate,
  reminderDaysBefore: number,
  ladder: readonly LadderStep[],
): DueStep | null {
  const overdueDays = daysBetween(dueDate, today);
  if (overdueDays <= 0) {
    const remind = reminderDaysBefore > 0 && overdueDays < 0 && -overdueDays <= reminderDaysBefore;
    return remind ? { kind: "bill_reminder", step: "reminder", audiences: ["tenant"] } : null;
  }
  let reached: LadderStep | undefined;
  for (const step of ladder) if (step.afterDays <= overdueDays) reached = step;
  if (!reached || overdueDays - reached.afterDays > CATCH_UP_DAYS) return null;
  return {
    kind: "dunning",
    step: `d+${reached.afterDays}`,
    afterDays: reached.afterDays,
    audiences: reached.audiences,
  };
}

/** The due dates a scheduler must look at on `today`: the oldest and the newest. */
export function dueDateWindow(
  today: CivilDate,
  reminderDaysBefore: number,
  ladder: readonly LadderStep[],
): { from: CivilDate; to: CivilDate } {
  const last = ladder.at(-1)?.afterDays ?? 0;
  return { from: addDays(today, -(last + CATCH_UP_DAYS)), to: addDays(today, reminderDaysBefore) };
}

/**
 * Every due date a bill may have on `today` to be due for a step, with that step: what
 * {@link dueStep} answers over the {@link dueDateWindow}, so a scheduler can select the bills of a
 * whole site in one query instead of deciding bill by bill.
 */
export function dueStepsByDate(
  today: CivilDate,
  reminderDaysBefore: number,
  ladder: readonly LadderStep[],
): { dueDate: CivilDate; step: DueStep }[] {
  const window = dueDateWindow(today, reminderDaysBefore, ladder);
  const steps: { dueDate: CivilDate; step: DueStep }[] = [];
  for (let date = window.from; date <= window.to; date = addDays(date, 1)) {
    const step = dueStep(date, today, reminderDaysBefore, ladder);
    if (step) steps.push({ dueDate: date, step });
  }
  return steps;
}
