-- CreateTable
CREATE TABLE "removed_leases" (
    "site_id" TEXT NOT NULL,
    "lease_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "removed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "removed_leases_pkey" PRIMARY KEY ("site_id","lease_id")
);
