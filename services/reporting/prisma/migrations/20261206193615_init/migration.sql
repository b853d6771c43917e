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
    "claimed_until" TIMESTAMPTZ(3),
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
CREATE TABLE "site_activity" (
    "site_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "last_occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "events" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "site_activity_pkey" PRIMARY KEY ("site_id","type")
);

-- CreateTable
CREATE TABLE "unit_facts" (
    "unit_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "building_id" TEXT,
    "kind" TEXT NOT NULL,
    "gross_area_m2" DECIMAL(12,2),
    "list_rent_monthly_minor" BIGINT,
    "currency" TEXT,
    "status" TEXT NOT NULL,
    "status_changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "unit_facts_pkey" PRIMARY KEY ("unit_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_id_key" ON "outbox_messages"("id");

-- CreateIndex
CREATE INDEX "outbox_messages_published_at_seq_idx" ON "outbox_messages"("published_at", "seq");

-- CreateIndex
CREATE INDEX "site_activity_org_id_site_id_idx" ON "site_activity"("org_id", "site_id");

-- CreateIndex
CREATE INDEX "unit_facts_org_id_site_id_idx" ON "unit_facts"("org_id", "site_id");
