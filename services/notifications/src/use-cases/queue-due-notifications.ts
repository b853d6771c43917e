import { todayIn } from "@slms/primitives";
import { insertQueueRows, type QueueRequest, queueRows } from "../db/queue.ts";
import { isStaff, loadSettingsOf, loadStaff } from "../db/settings.ts";
import type { NotificationsDeps } from "../deps.ts";
import { dueStepsByDate } from "../domain/schedule.ts";

/** What one scheduler run did. */
export interface ScheduleReport {
  sites: number;
  /** Bills that were due for a step not queued yet. */
  bills: number;
  /** Messages queued to be sent. */
  queued: number;
}

interface DueBill {
  bill_id: string;
  customer_id: string;
  step: string;
  /** Null: the customer is not known yet. */
  email: string | null;
  phones: string[] | null;
  consent_email: boolean | null;
  consent_sms: boolean | null;
}

/** Bills queued in one statement; a site's bills go in chunks so the dispatcher starts early. */
const CHUNK = 500;

/**
 * The time-driven part: for every site, on today's date in the site's time zone, queues each
 * open bill's reminder or dunning step (domain/schedule.ts) unless already queued. Safe to run
 * on every replica, at any time and as often as wanted: a step's rows have a unique key, so two
 * schedulers racing create them once, and a bill paid or waived is not open. Set-based: per site,
 * one query finds the open bills still missing their step of today (a step counts as done once it
 * has a row with an address; rows without one — no address, customer not known yet — let a later
 * run try again with the address heard of since), and one statement per {@link CHUNK} bills
 * queues their rows; the dispatcher is woken after each site that queued something.
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
  const settingsOf = await loadSettingsOf(deps.db, [...new Set(sites.map((s) => s.site_id))]);
  for (const site of sites) {
    report.sites++;
    const settings = settingsOf.get(site.site_id)!;
    const today = todayIn(site.time_zone, now);
    const byDate = dueStepsByDate(today, settings.reminderDaysBefore, settings.ladder);
    if (byDate.length === 0) continue;
    const steps = new Map(byDate.map((entry) => [entry.step.step, entry.step]));
    const bills = await deps.db.$queryRawUnsafe<DueBill[]>(
      `SELECT b.bill_id, b.customer_id, s.step, c.email, c.phones, c.consent_email, c.consent_sms
         FROM bill_facts b
         JOIN unnest($2::date[], $3::text[]) AS s(due_date, step) ON s.due_date = b.due_date
         LEFT JOIN customer_facts c ON c.customer_id = b.customer_id
        WHERE b.site_id = $1 AND b.due_date BETWEEN $4::date AND $5::date
          AND b.amount_minor - b.allocated_minor - b.waived_minor > 0
          AND NOT EXISTS (SELECT 1 FROM notifications n
                           WHERE n.subject_type = 'bill' AND n.subject_id = b.bill_id
                             AND n.step = s.step AND n.recipient <> '')
        ORDER BY b.due_date, b.bill_id`,
      site.site_id,
      byDate.map((entry) => entry.dueDate),
      byDate.map((entry) => entry.step.step),
      byDate[0]!.dueDate,
      byDate.at(-1)!.dueDate,
    );
    if (bills.length === 0) continue;
    const staff = [...steps.values()].some((step) => step.audiences.some(isStaff))
      ? await loadStaff(deps.db, site.site_id)
      : null;
    let queuedHere = 0;
    for (let start = 0; start < bills.length; start += CHUNK) {
      const chunk = bills.slice(start, start + CHUNK).map((bill) => {
        const step = steps.get(bill.step)!;
        const request: QueueRequest = {
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
        };
        const customer =
          bill.email === null
            ? null
            : {
                email: bill.email,
                phones: bill.phones ?? [],
                consentEmail: bill.consent_email ?? false,
                consentSms: bill.consent_sms ?? false,
              };
        return {
          request,
          rows: queueRows(request, { customer, staff, transports: deps.transports }),
        };
      });
      const queued = await insertQueueRows(deps.db, chunk, now);
      report.bills += new Set(queued.map((row) => row.subjectId)).size;
      report.queued += queued.length;
      queuedHere += queued.length;
    }
    if (queuedHere > 0) deps.queued();
  }
  return report;
}
