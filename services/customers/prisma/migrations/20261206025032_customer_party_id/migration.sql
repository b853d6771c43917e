-- One customer record per site: an ID number is unique per site (no longer per organisation),
-- and the records of one ID number across sites share a party id. The party id is an HMAC under
-- the service's key, which SQL does not have: existing rows get theirs when the service starts
-- (src/use-cases/backfill-party-ids.ts).

-- DropIndex
DROP INDEX "customers_org_id_id_number_hmac_key";

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "party_id" TEXT;

-- CreateIndex
CREATE INDEX "customers_org_id_party_id_idx" ON "customers"("org_id", "party_id");

-- CreateIndex
CREATE UNIQUE INDEX "customers_org_id_site_id_id_number_hmac_key" ON "customers"("org_id", "site_id", "id_number_hmac");
