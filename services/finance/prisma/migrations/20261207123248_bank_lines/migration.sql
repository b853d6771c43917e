-- CreateTable
CREATE TABLE "bank_lines" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "line_id" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "value_date" CHAR(10) NOT NULL,
    "payer_name" TEXT NOT NULL,
    "payer_account" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "matched_by" TEXT,
    "customer_id" TEXT,
    "lease_id" TEXT,
    "bill_id" TEXT,
    "payment_id" TEXT,
    "receipt_number" TEXT,
    "posted_by" TEXT NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "note" TEXT,

    CONSTRAINT "bank_lines_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bank_lines_org_id_site_id_status_posted_at_id_idx" ON "bank_lines"("org_id", "site_id", "status", "posted_at" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "bank_lines_org_id_line_id_key" ON "bank_lines"("org_id", "line_id");
