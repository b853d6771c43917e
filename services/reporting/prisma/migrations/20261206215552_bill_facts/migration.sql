-- CreateTable
CREATE TABLE "bill_facts" (
    "bill_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "lease_id" TEXT,
    "customer_id" TEXT NOT NULL,
    "fee_code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "issue_date" DATE NOT NULL,
    "due_date" DATE NOT NULL,
    "currency" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "allocated_minor" BIGINT NOT NULL,
    "waived_minor" BIGINT NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "bill_facts_pkey" PRIMARY KEY ("bill_id")
);

-- CreateTable
CREATE TABLE "bill_movements" (
    "bill_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "amount_delta_minor" BIGINT NOT NULL,
    "allocated_delta_minor" BIGINT NOT NULL,
    "waived_delta_minor" BIGINT NOT NULL,

    CONSTRAINT "bill_movements_pkey" PRIMARY KEY ("bill_id","version")
);

-- CreateIndex
CREATE INDEX "bill_facts_org_id_site_id_due_date_idx" ON "bill_facts"("org_id", "site_id", "due_date");

-- CreateIndex
CREATE INDEX "bill_movements_org_id_site_id_at_idx" ON "bill_movements"("org_id", "site_id", "at");

-- Open bills only (not expressible in schema.prisma): arrears and ageing read these, a small
-- part of every bill once most are paid.
CREATE INDEX "bill_facts_open_idx" ON "bill_facts"("org_id", "site_id", "due_date")
  WHERE "amount_minor" > "allocated_minor" + "waived_minor";
