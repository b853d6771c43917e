-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('cash', 'bank_transfer', 'card', 'wechat_pay', 'alipay', 'other');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('recorded', 'reversed');

-- CreateEnum
CREATE TYPE "AllocationStatus" AS ENUM ('pending', 'allocated', 'failed');

-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('pending', 'completed');

-- CreateEnum
CREATE TYPE "DepositEntryType" AS ENUM ('received', 'applied', 'refunded', 'forfeited');

-- CreateEnum
CREATE TYPE "SettlementStatus" AS ENUM ('pending', 'completed');

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
CREATE TABLE "payments" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "lease_id" TEXT,
    "method" "PaymentMethod" NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "payer" TEXT NOT NULL DEFAULT '',
    "reference" TEXT NOT NULL DEFAULT '',
    "bill_ids" TEXT[],
    "status" "PaymentStatus" NOT NULL DEFAULT 'recorded',
    "receipt_seq" INTEGER NOT NULL,
    "receipt_number" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,
    "allocation_status" "AllocationStatus" NOT NULL DEFAULT 'pending',
    "allocation_attempts" INTEGER NOT NULL DEFAULT 0,
    "allocation_error" TEXT,
    "allocated_at" TIMESTAMPTZ(3),
    "prepaid_minor" BIGINT,
    "reversal_reason" TEXT,
    "reversed_at" TIMESTAMPTZ(3),
    "reversed_by" TEXT,
    "recorded_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "receipt_counters" (
    "site_id" TEXT NOT NULL,
    "last_number" INTEGER NOT NULL,

    CONSTRAINT "receipt_counters_pkey" PRIMARY KEY ("site_id")
);

-- CreateTable
CREATE TABLE "payment_allocations" (
    "payment_id" TEXT NOT NULL,
    "bill_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,

    CONSTRAINT "payment_allocations_pkey" PRIMARY KEY ("payment_id","bill_id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "lease_id" TEXT,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "method" "PaymentMethod" NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "RefundStatus" NOT NULL DEFAULT 'pending',
    "remaining_minor" BIGINT,
    "request_id" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deposit_accounts" (
    "lease_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deposit_accounts_pkey" PRIMARY KEY ("lease_id")
);

-- CreateTable
CREATE TABLE "deposit_entries" (
    "id" TEXT NOT NULL,
    "lease_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "type" "DepositEntryType" NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "held_after_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "method" "PaymentMethod",
    "received_at" TIMESTAMPTZ(3),
    "reference" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "actor" TEXT NOT NULL,
    "request_id" TEXT,
    "request_fingerprint" TEXT,
    "settlement_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deposit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deposit_settlements" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "lease_id" TEXT NOT NULL,
    "status" "SettlementStatus" NOT NULL DEFAULT 'pending',
    "forfeit_remainder" BOOLEAN NOT NULL,
    "refund_method" "PaymentMethod",
    "note" TEXT NOT NULL DEFAULT '',
    "held_minor" BIGINT NOT NULL,
    "applied_minor" BIGINT,
    "applied_entry_id" TEXT NOT NULL,
    "remainder_entry_id" TEXT NOT NULL,
    "allocations" JSONB NOT NULL DEFAULT '[]',
    "request_id" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "deposit_settlements_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_id_key" ON "outbox_messages"("id");

-- CreateIndex
CREATE INDEX "outbox_messages_published_at_seq_idx" ON "outbox_messages"("published_at", "seq");

-- CreateIndex
CREATE INDEX "payments_org_id_site_id_received_at_id_idx" ON "payments"("org_id", "site_id", "received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "payments_site_id_customer_id_idx" ON "payments"("site_id", "customer_id");

-- CreateIndex
CREATE INDEX "payments_site_id_lease_id_idx" ON "payments"("site_id", "lease_id");

-- CreateIndex
CREATE INDEX "payments_allocation_status_created_at_idx" ON "payments"("allocation_status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "payments_org_id_request_id_key" ON "payments"("org_id", "request_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_site_id_receipt_seq_key" ON "payments"("site_id", "receipt_seq");

-- CreateIndex
CREATE INDEX "refunds_site_id_customer_id_idx" ON "refunds"("site_id", "customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_org_id_request_id_key" ON "refunds"("org_id", "request_id");

-- CreateIndex
CREATE INDEX "deposit_accounts_org_id_site_id_idx" ON "deposit_accounts"("org_id", "site_id");

-- CreateIndex
CREATE INDEX "deposit_entries_lease_id_created_at_idx" ON "deposit_entries"("lease_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "deposit_entries_org_id_request_id_key" ON "deposit_entries"("org_id", "request_id");

-- CreateIndex
CREATE UNIQUE INDEX "deposit_settlements_lease_id_key" ON "deposit_settlements"("lease_id");

-- CreateIndex
CREATE UNIQUE INDEX "deposit_settlements_org_id_request_id_key" ON "deposit_settlements"("org_id", "request_id");

-- AddForeignKey
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deposit_entries" ADD CONSTRAINT "deposit_entries_lease_id_fkey" FOREIGN KEY ("lease_id") REFERENCES "deposit_accounts"("lease_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deposit_entries" ADD CONSTRAINT "deposit_entries_settlement_id_fkey" FOREIGN KEY ("settlement_id") REFERENCES "deposit_settlements"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deposit_settlements" ADD CONSTRAINT "deposit_settlements_lease_id_fkey" FOREIGN KEY ("lease_id") REFERENCES "deposit_accounts"("lease_id") ON DELETE RESTRICT ON UPDATE CASCADE;
