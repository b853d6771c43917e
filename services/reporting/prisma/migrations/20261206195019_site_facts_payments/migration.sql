-- CreateTable
CREATE TABLE "site_facts" (
    "site_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "site_facts_pkey" PRIMARY KEY ("site_id")
);

-- CreateTable
CREATE TABLE "payment_entries" (
    "payment_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "lease_id" TEXT,
    "method" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "receipt_number" TEXT NOT NULL,
    "cashier" TEXT NOT NULL,
    "reversed_at" TIMESTAMPTZ(3),
    "reversed_by" TEXT,

    CONSTRAINT "payment_entries_pkey" PRIMARY KEY ("payment_id")
);

-- CreateIndex
CREATE INDEX "site_facts_org_id_idx" ON "site_facts"("org_id");

-- CreateIndex
CREATE INDEX "payment_entries_org_id_site_id_received_at_idx" ON "payment_entries"("org_id", "site_id", "received_at");
