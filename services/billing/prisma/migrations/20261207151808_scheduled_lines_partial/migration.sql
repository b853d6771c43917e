-- DropIndex
DROP INDEX "scheduled_charges_site_id_state_issue_date_idx";

-- DropIndex
DROP INDEX "scheduled_charges_site_id_state_lease_id_fee_code_period_st_idx";

-- Partial indexes over the lines still to bill, which schema.prisma cannot express.
-- Marking a billed line writes one index entry, in the primary key, instead of three.
CREATE INDEX "scheduled_charges_due_idx" ON "scheduled_charges"("site_id", "issue_date")
  WHERE "state" = 'scheduled';
CREATE INDEX "scheduled_charges_walk_idx" ON "scheduled_charges"("site_id", "lease_id", "fee_code", "period_start")
  WHERE "state" = 'scheduled';
