-- CreateEnum
CREATE TYPE "LeaseStatus" AS ENUM ('draft', 'active', 'expired', 'terminated');

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
CREATE TABLE "leases" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "status" "LeaseStatus" NOT NULL DEFAULT 'draft',
    "currency" CHAR(3) NOT NULL,
    "time_zone" TEXT NOT NULL,
    "predecessor_id" TEXT,
    "termination_date" DATE,
    "termination_reason" TEXT,
    "penalty_minor" BIGINT,
    "release_pending" BOOLEAN NOT NULL DEFAULT false,
    "activated_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "leases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lease_units" (
    "lease_id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "lease_units_pkey" PRIMARY KEY ("lease_id","unit_id")
);

-- CreateTable
CREATE TABLE "lease_versions" (
    "lease_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "effective_from" DATE NOT NULL,
    "terms" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lease_versions_pkey" PRIMARY KEY ("lease_id","version")
);

-- CreateTable
CREATE TABLE "lease_alerts" (
    "lease_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lease_alerts_pkey" PRIMARY KEY ("lease_id","kind")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_id_key" ON "outbox_messages"("id");

-- CreateIndex
CREATE INDEX "outbox_messages_published_at_seq_idx" ON "outbox_messages"("published_at", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "leases_predecessor_id_key" ON "leases"("predecessor_id");

-- CreateIndex
CREATE INDEX "leases_site_id_status_start_date_idx" ON "leases"("site_id", "status", "start_date");

-- CreateIndex
CREATE INDEX "leases_customer_id_idx" ON "leases"("customer_id");

-- CreateIndex
CREATE INDEX "leases_status_end_date_idx" ON "leases"("status", "end_date");

-- CreateIndex
CREATE UNIQUE INDEX "leases_site_id_reference_key" ON "leases"("site_id", "reference");

-- CreateIndex
CREATE INDEX "lease_units_unit_id_idx" ON "lease_units"("unit_id");

-- AddForeignKey
ALTER TABLE "leases" ADD CONSTRAINT "leases_predecessor_id_fkey" FOREIGN KEY ("predecessor_id") REFERENCES "leases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lease_units" ADD CONSTRAINT "lease_units_lease_id_fkey" FOREIGN KEY ("lease_id") REFERENCES "leases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lease_versions" ADD CONSTRAINT "lease_versions_lease_id_fkey" FOREIGN KEY ("lease_id") REFERENCES "leases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lease_alerts" ADD CONSTRAINT "lease_alerts_lease_id_fkey" FOREIGN KEY ("lease_id") REFERENCES "leases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
