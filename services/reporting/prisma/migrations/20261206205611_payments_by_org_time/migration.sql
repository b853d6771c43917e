-- CreateIndex
CREATE INDEX "payment_entries_org_id_received_at_idx" ON "payment_entries"("org_id", "received_at");
