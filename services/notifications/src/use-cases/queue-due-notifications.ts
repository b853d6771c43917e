import { fromDbDate, todayIn } from "@slms/primitives";
import { queueNotifications } from "../db/queue.ts";
import { loadSettings } from "../db/settings.ts";
import type { NotificationsDeps } from "../deps.ts";
import { dueDateWindow, dueStep } from "../domain/schedule.ts";

/** What one scheduler run did. */
export interface ScheduleReport {
  sites: number;
  /** Bills that were due for a step not queued yet. */
  bills: number;
  /** Messages queued to be sent. */
  queued: number;
}

interface OpenBill {
  bill_id: string;
  customer_id: string;
  due_date: Date;
}

/**
 * The time-driven part: for every site, on today's date in the site's time zone, queues each
 * open bill's reminder or dunning step (domain/schedule.ts) unless already queued. Safe to run
 * on every replica, at any time and as often as wanted: a step's rows have a unique key, so two
 * schedulers racing create them once, and a bill paid or waived is not open.
 */
export async function queueDueNotifications(deps: NotificationsDeps): Promise<ScheduleReport> {
  const now = deps.clock();
  const report: ScheduleReport = { sites: 0, bills: 0, queued: 0 };
  const sites = await deps.db.$queryRawUnsafe<
    { site_id: string; org_id: string; time_zone: string }[]
  >(
    `SELECT b.site_id, b.org_id, coalesce(s.time_zone, 'UTC') AS time_zone
       FROM (SELECT DISTINCT site_id, org_id FROM bill_facts) b
       LEFT JOIN site_facts s ON s.site_id = b.site_id
      ORDER BY b.site_id`,
  );
  for (const site of sites) {
    report.sites++;
    const settings = await loadSettings(deps.db, site.site_id);
    const today = todayIn(site.time_zone, now);
    const window = dueDateWindow(today, settings.reminderDaysBefore, settings.ladder);
    const bills = await deps.db.$queryRawUnsafe<OpenBill[]>(
      `SELECT bill_id, customer_id, due_date
         FROM bill_facts
        WHERE site_id = $1 AND due_date BETWEEN $2::date AND $3::date
          AND amount_minor - allocated_minor - waived_minor > 0
        ORDER BY due_date, bill_id`,
      site.site_id,
      window.from,
      window.to,
    );
    // A step counts as done once it has a row with an address; rows without one (no address,
    // customer not known yet) let a later run try again with the address heard of since.
    const done = new Set(
      (
        await deps.db.$queryRawUnsafe<{ key: string }[]>(
          `SELECT DISTINCT subject_id || ' ' || step AS key FROM notifications
            WHERE subject_type = 'bill' AND subject_id = ANY ($1::text[]) AND recipient <> ''`,
          bills.map((bill) => bill.bill_id),
        )
      ).map((row) => row.key),
    );
    for (const bill of bills) {
      const step = dueStep(
        fromDbDate(bill.due_date),
        today,
        settings.reminderDaysBefore,
        settings.ladder,
      );
      if (!step || done.has(`${bill.bill_id} ${step.step}`)) continue;
      const queued = await deps.db.$transaction((tx) =>
        queueNotifications(tx, deps, {
          orgId: site.org_id,
          siteId: site.site_id,
          kind: step.kind,
          subjectType: "bill",
          subjectId: bill.bill_id,
          step: step.step,
          audiences: step.audiences,
          customerId: bill.customer_id,
          facts: {},
          settings,
        }),
      );
      if (queued > 0) report.bills++;
      report.queued += queued;
    }
  }
  if (report.queued > 0) deps.queued();
  return report;
}
