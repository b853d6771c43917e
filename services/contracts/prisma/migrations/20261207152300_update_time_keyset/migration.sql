-- CreateIndex
CREATE INDEX "leases_site_id_updated_at_id_idx" ON "leases"("site_id", "updated_at", "id");
