-- CreateIndex
CREATE INDEX "scheduled_charges_site_id_state_lease_id_fee_code_period_st_idx" ON "scheduled_charges"("site_id", "state", "lease_id", "fee_code", "period_start");
