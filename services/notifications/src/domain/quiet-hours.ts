import { addDays, formatLocal, startOfDayIn, todayIn } from "@slms/primitives";

/**
 * Quiet hours: from `startMinute` to `endMinute` of the local day (a window may wrap past
 * midnight, 21:00–08:00) nothing is sent on the channels that wake people (SMS). Answers when a
 * message may go: `now` itself outside the window, else the window's end in the site's time zone.
 * The end is counted from the local midnight, so on a day the clocks change it is off by the
 * change (an hour, never a day).
 *
 * @example notBefore(2026-03-10T14:30Z, "Asia/Shanghai", 21*60, 8*60) → 2026-03-11T00:00Z (08:00 local)
 */
export function notBefore(
  now: Date,
  timeZone: string,
  startMinute: number,
  endMinute: number,
): Date {
  if (startMinute === endMinute) return now;
  const local = formatLocal(now, timeZone);
  const minute = Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
  const wraps = startMinute > endMinute;
  const quiet = wraps
    ? minute >= startMinute || minute < endMinute
    : minute >= startMinute && minute < endMinute;
  if (!quiet) return now;
  const today = todayIn(timeZone, now);
  // Before midnight in a wrapping window the quiet ends tomorrow; otherwise today.
  const endDay = wraps && minute >= startMinute ? addDays(today, 1) : today;
  return new Date(startOfDayIn(endDay, timeZone).getTime() + endMinute * 60_000);
}

/** When the next local day begins plus `minute` minutes: where a message over the daily limit waits. */
export function nextDayAt(now: Date, timeZone: string, minute: number): Date {
  const tomorrow = addDays(todayIn(timeZone, now), 1);
  return new Date(startOfDayIn(tomorrow, timeZone).getTime() + minute * 60_000);
}
