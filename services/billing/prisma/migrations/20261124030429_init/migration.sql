-- CreateEnum
CREATE TYPE "BillStatus" AS ENUM ('open', 'paid', 'waived');

-- CreateEnum
CREATE TYPE "BillKind" AS ENUM ('charge', 'adjustment', 'late_fee', 'penalty', 'utility', 'opening_arrears');

-- CreateEnum
CREATE TYPE "WaiverStatus" AS ENUM ('pending', 'approved', 'rejected');

-- CreateTable
CREATE TABLE "outbox_messages" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT,
    "actor" TEXT NOT NULL,
    "traceparent" TEXT,
    "data" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "inbox_messages" (
    "consumer" TEXT NOT NULL,
    "message_id" UUID NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_messages_pkey" PRIMARY KEY ("consumer","message_id")
);

-- CreateTable
CREATE TABLE "fee_items" (
    "org_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "fee_items_pkey" PRIMARY KEY ("org_id","code")
);

-- CreateTable
CREATE TABLE "billing_leases" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "unit_ids" TEXT[],
    "currency" CHAR(3) NOT NULL,
    "time_zone" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "termination_date" DATE,
    "late_fee" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "billing_leases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduled_charges" (
    "lease_id" TEXT NOT NULL,
    "fee_code" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "issue_date" DATE NOT NULL,
    "due_date" DATE NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'scheduled',

    CONSTRAINT "scheduled_charges_pkey" PRIMARY KEY ("lease_id","fee_code","period_start")
);

-- CreateTable
CREATE TABLE "bills" (
    "id" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "lease_id" TEXT,
    "customer_id" TEXT NOT NULL,
    "fee_code" TEXT NOT NULL,
    "kind" "BillKind" NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "issue_date" DATE NOT NULL,
    "due_date" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "allocated_minor" BIGINT NOT NULL DEFAULT 0,
    "waived_minor" BIGINT NOT NULL DEFAULT 0,
    "status" "BillStatus" NOT NULL DEFAULT 'open',
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "billing_run_id" TEXT,
    "related_bill_id" TEXT,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "allocations" (
    "id" TEXT NOT NULL,
    "bill_id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reversed_at" TIMESTAMPTZ(3),

    CONSTRAINT "allocations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_allocations" (
    "payment_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "lease_id" TEXT,
    "amount_minor" BIGINT NOT NULL,
    "prepaid_minor" BIGINT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reversed_at" TIMESTAMPTZ(3),
    "reverse_reason" TEXT,

    CONSTRAINT "payment_allocations_pkey" PRIMARY KEY ("payment_id")
);

-- CreateTable
CREATE TABLE "prepayment_entries" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "lease_id" TEXT,
    "amount_minor" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prepayment_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "waivers" (
    "id" TEXT NOT NULL,
    "bill_id" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "WaiverStatus" NOT NULL,
    "credit_note" BOOLEAN NOT NULL DEFAULT false,
    "requested_by" TEXT NOT NULL,
    "decided_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "waivers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "late_fee_accruals" (
    "bill_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "amount_minor" BIGINT NOT NULL,

    CONSTRAINT "late_fee_accruals_pkey" PRIMARY KEY ("bill_id","date")
);

-- CreateTable
CREATE TABLE "billing_runs" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT,
    "target_date" DATE NOT NULL,
    "dry_run" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "issued_minor" BIGINT NOT NULL DEFAULT 0,
    "actor" TEXT NOT NULL,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "billing_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meters" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "unit_id" TEXT,
    "shared_unit_ids" TEXT[],

    CONSTRAINT "meters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meter_readings" (
    "id" TEXT NOT NULL,
    "meter_id" TEXT NOT NULL,
    "reading_date" DATE NOT NULL,
    "value_milli" BIGINT NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "meter_readings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_id_key" ON "outbox_messages"("id");

-- CreateIndex
CREATE INDEX "outbox_messages_published_at_seq_idx" ON "outbox_messages"("published_at", "seq");

-- CreateIndex
CREATE INDEX "billing_leases_site_id_status_idx" ON "billing_leases"("site_id", "status");

-- CreateIndex
CREATE INDEX "scheduled_charges_site_id_state_issue_date_idx" ON "scheduled_charges"("site_id", "state", "issue_date");

-- CreateIndex
CREATE UNIQUE INDEX "bills_dedupe_key_key" ON "bills"("dedupe_key");

-- CreateIndex
CREATE INDEX "bills_site_id_status_due_date_idx" ON "bills"("site_id", "status", "due_date");

-- CreateIndex
CREATE INDEX "bills_customer_id_status_idx" ON "bills"("customer_id", "status");

-- CreateIndex
CREATE INDEX "bills_lease_id_idx" ON "bills"("lease_id");

-- CreateIndex
CREATE INDEX "bills_billing_run_id_idx" ON "bills"("billing_run_id");

-- CreateIndex
CREATE INDEX "allocations_bill_id_idx" ON "allocations"("bill_id");

-- CreateIndex
CREATE INDEX "allocations_payment_id_idx" ON "allocations"("payment_id");

-- CreateIndex
CREATE INDEX "prepayment_entries_customer_id_lease_id_idx" ON "prepayment_entries"("customer_id", "lease_id");

-- CreateIndex
CREATE UNIQUE INDEX "prepayment_entries_kind_reference_key" ON "prepayment_entries"("kind", "reference");

-- CreateIndex
CREATE INDEX "waivers_bill_id_idx" ON "waivers"("bill_id");

-- CreateIndex
CREATE UNIQUE INDEX "meters_site_id_code_key" ON "meters"("site_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "meter_readings_meter_id_reading_date_key" ON "meter_readings"("meter_id", "reading_date");

-- AddForeignKey
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_bill_id_fkey" FOREIGN KEY ("bill_id") REFERENCES "bills"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "waivers" ADD CONSTRAINT "waivers_bill_id_fkey" FOREIGN KEY ("bill_id") REFERENCES "bills"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_meter_id_fkey" FOREIGN KEY ("meter_id") REFERENCES "meters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
