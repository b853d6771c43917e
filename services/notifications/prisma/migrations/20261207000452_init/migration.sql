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
CREATE TABLE "site_facts" (
    "site_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "site_facts_pkey" PRIMARY KEY ("site_id")
);

-- CreateTable
CREATE TABLE "customer_facts" (
    "customer_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phones" TEXT[],
    "consent_sms" BOOLEAN NOT NULL,
    "consent_email" BOOLEAN NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_facts_pkey" PRIMARY KEY ("customer_id")
);

-- CreateTable
CREATE TABLE "bill_facts" (
    "bill_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "lease_id" TEXT,
    "fee_code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "due_date" DATE NOT NULL,
    "currency" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "allocated_minor" BIGINT NOT NULL,
    "waived_minor" BIGINT NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "bill_facts_pkey" PRIMARY KEY ("bill_id")
);

-- CreateTable
CREATE TABLE "site_settings" (
    "site_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "reminder_days_before" INTEGER NOT NULL,
    "ladder" JSONB NOT NULL,
    "quiet_start_minute" INTEGER NOT NULL,
    "quiet_end_minute" INTEGER NOT NULL,
    "daily_limit" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "tenant_channels" TEXT[],
    "lease_alert_tenant" BOOLEAN NOT NULL,
    "webhook_url" TEXT,
    "webhook_secret" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "site_settings_pkey" PRIMARY KEY ("site_id")
);

-- CreateTable
CREATE TABLE "staff_recipients" (
    "site_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,

    CONSTRAINT "staff_recipients_pkey" PRIMARY KEY ("site_id","role","email")
);

-- CreateTable
CREATE TABLE "templates" (
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "templates_pkey" PRIMARY KEY ("org_id","site_id","kind","language","channel")
);

-- CreateTable
CREATE TABLE "opt_outs" (
    "org_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "opt_outs_pkey" PRIMARY KEY ("org_id","channel","address")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "customer_id" TEXT,
    "language" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_until" TIMESTAMPTZ(3),
    "facts" JSONB NOT NULL,
    "subject" TEXT,
    "body" TEXT,
    "amount_minor" BIGINT,
    "provider_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_id_key" ON "outbox_messages"("id");

-- CreateIndex
CREATE INDEX "outbox_messages_published_at_seq_idx" ON "outbox_messages"("published_at", "seq");

-- CreateIndex
CREATE INDEX "site_facts_org_id_idx" ON "site_facts"("org_id");

-- CreateIndex
CREATE INDEX "bill_facts_site_id_due_date_idx" ON "bill_facts"("site_id", "due_date");

-- CreateIndex
CREATE INDEX "notifications_status_next_attempt_at_idx" ON "notifications"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notifications_org_id_site_id_created_at_idx" ON "notifications"("org_id", "site_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_customer_id_created_at_idx" ON "notifications"("customer_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_subject_id_idx" ON "notifications"("subject_id");

-- CreateIndex
CREATE INDEX "notifications_channel_recipient_sent_at_idx" ON "notifications"("channel", "recipient", "sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_subject_type_subject_id_step_channel_recipien_key" ON "notifications"("subject_type", "subject_id", "step", "channel", "recipient");
