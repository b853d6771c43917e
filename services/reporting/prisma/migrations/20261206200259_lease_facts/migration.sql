-- CreateTable
CREATE TABLE "lease_facts" (
    "lease_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "reference" TEXT NOT NULL DEFAULT '',
    "unit_ids" TEXT[],
    "start_date" DATE,
    "end_date" DATE,
    "status" TEXT NOT NULL,
    "ended_on" DATE,
    "monthly_rent_minor" BIGINT NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT '',
    "terms_version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "lease_facts_pkey" PRIMARY KEY ("lease_id")
);

-- CreateIndex
CREATE INDEX "lease_facts_org_id_site_id_status_idx" ON "lease_facts"("org_id", "site_id", "status");
