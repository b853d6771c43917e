-- CreateIndex
CREATE INDEX "sites_org_id_updated_at_id_idx" ON "sites"("org_id", "updated_at", "id");

-- CreateIndex
CREATE INDEX "units_site_id_updated_at_id_idx" ON "units"("site_id", "updated_at", "id");
