-- CreateTable
CREATE TABLE "bill_due_totals" (
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "due_date" DATE NOT NULL,
    "amount_minor" BIGINT NOT NULL DEFAULT 0,
    "allocated_minor" BIGINT NOT NULL DEFAULT 0,
    "waived_minor" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "bill_due_totals_pkey" PRIMARY KEY ("site_id","due_date")
);

-- CreateIndex
CREATE INDEX "bill_due_totals_org_id_due_date_idx" ON "bill_due_totals"("org_id", "due_date");

-- What the read models already hold.
INSERT INTO "bill_due_totals" ("org_id", "site_id", "due_date", "amount_minor", "allocated_minor", "waived_minor")
SELECT "org_id", "site_id", "due_date", sum("amount_minor"), sum("allocated_minor"), sum("waived_minor")
  FROM "bill_facts" GROUP BY 1, 2, 3;
