-- CreateIndex
CREATE INDEX "customers_site_id_updated_at_id_idx" ON "customers"("site_id", "updated_at", "id");
