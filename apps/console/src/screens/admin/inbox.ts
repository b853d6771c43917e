export const inboxKinds = [
  "bill_reminder",
  "dunning",
  "lease_expiring",
  "payment_receipt",
  "billing_run_completed",
  "waiver_requested",
  "import_finished",
] as const;
export type InboxKind = (typeof inboxKinds)[number];

/** Whether the console has a name for a message kind (an unknown one is shown as sent). */
export function knownKind(kind: string): kind is InboxKind {
  return (inboxKinds as readonly string[]).includes(kind);
}

/**
 * The console screen a message is about: its lease, the site's imports, the site's billing
 * (billing runs and waivers to approve); null when it has no site or no screen.
 */
export function inboxLink(item: {
  siteId: string | null;
  subjectType: string;
  subjectId: string;
}): string | null {
  if (!item.siteId) return null;
  const site = `/sites/${encodeURIComponent(item.siteId)}`;
  switch (item.subjectType) {
    case "lease":
      return `${site}/leases/${encodeURIComponent(item.subjectId)}`;
    case "import":
      return `${site}/imports?import=${encodeURIComponent(item.subjectId)}`;
    case "billing_run":
    case "waiver":
      return `${site}/billing`;
    default:
      return null;
  }
}
