-- CreateIndex
CREATE INDEX "bill_facts_lease_id_idx" ON "bill_facts"("lease_id");
