/**
 * Every event type of the platform, in one place. A name is `<service>.<aggregate>.<past tense>`
 * and permanent: a breaking change to its data adds a new version beside the old one, never a
 * new meaning for an old name.
 */
export const EventTypes = {
  UserCreated: "gateway.user.created",
  SiteCreated: "assets.site.created",
  SiteUpdated: "assets.site.updated",
  UnitCreated: "assets.unit.created",
  UnitUpdated: "assets.unit.updated",
  UnitStatusChanged: "assets.unit.status_changed",
  CustomerCreated: "customers.customer.created",
  CustomerUpdated: "customers.customer.updated",
  LeaseActivated: "contracts.lease.activated",
  LeaseAmended: "contracts.lease.amended",
  LeaseRenewed: "contracts.lease.renewed",
  LeaseTerminated: "contracts.lease.terminated",
  LeaseExpired: "contracts.lease.expired",
  LeaseExpiring: "contracts.lease.expiring",
  FeeItemChanged: "billing.fee_item.changed",
  BillIssued: "billing.bill.issued",
  BillPaid: "billing.bill.paid",
  BillOverdue: "billing.bill.overdue",
  BillWaived: "billing.bill.waived",
  BillBalanceChanged: "billing.bill.balance_changed",
  BillingRunCompleted: "billing.run.completed",
  WaiverRequested: "billing.waiver.requested",
  PaymentRecorded: "payments.payment.recorded",
  PaymentReversed: "payments.payment.reversed",
  DepositReceived: "payments.deposit.received",
  DepositApplied: "payments.deposit.applied",
  DepositRefunded: "payments.deposit.refunded",
  DepositForfeited: "payments.deposit.forfeited",
  PrepaymentRefunded: "payments.prepayment.refunded",
  ImportFinished: "onboarding.import.finished",
  UnitsImportRolledBack: "assets.import.rolled_back",
  CustomersImportRolledBack: "customers.import.rolled_back",
  LeasesImportRolledBack: "contracts.import.rolled_back",
  BalancesImportRolledBack: "billing.import.rolled_back",
  DepositsImportRolledBack: "payments.import.rolled_back",
} as const;

export type EventType = (typeof EventTypes)[keyof typeof EventTypes];
