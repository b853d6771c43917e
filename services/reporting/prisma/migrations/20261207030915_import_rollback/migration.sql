-- CreateTable
CREATE TABLE "deposit_entry_facts" (
    "entry_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "lease_id" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deposit_entry_facts_pkey" PRIMARY KEY ("entry_id")
);

-- CreateTable
CREATE TABLE "removed_objects" (
    "kind" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "removed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "removed_objects_pkey" PRIMARY KEY ("kind","object_id")
);

-- CreateIndex
CREATE INDEX "deposit_entry_facts_lease_id_idx" ON "deposit_entry_facts"("lease_id");
