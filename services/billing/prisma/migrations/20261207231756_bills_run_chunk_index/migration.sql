-- A billing run writes one outbox row per chunk instead of one per bill, and the relay reads the
-- bill.issued events of a chunk from its bills: run, site, then the key range of the chunk, in
-- key order. The index on the run alone gives way to this one, which serves the same lookups.
-- DropIndex
DROP INDEX "bills_billing_run_id_idx";

-- CreateIndex
CREATE INDEX "bills_billing_run_id_site_id_lease_id_fee_code_period_start_idx" ON "bills"("billing_run_id", "site_id", "lease_id", "fee_code", "period_start");
