-- CreateEnum
CREATE TYPE "CustomerKind" AS ENUM ('person', 'company');

-- CreateEnum
CREATE TYPE "IdDocumentType" AS ENUM ('resident_id', 'passport', 'hk_macao_taiwan_permit', 'unified_social_credit_code', 'other');

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
CREATE TABLE "customers" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "kind" "CustomerKind" NOT NULL,
    "name" TEXT NOT NULL,
    "id_document_type" "IdDocumentType" NOT NULL,
    "id_number_ciphertext" TEXT NOT NULL,
    "id_number_hmac" TEXT NOT NULL,
    "id_number_last4" TEXT NOT NULL,
    "id_number_prefix4" TEXT NOT NULL,
    "id_number_length" SMALLINT NOT NULL,
    "phones" TEXT[],
    "email" TEXT NOT NULL DEFAULT '',
    "emergency_contact_name" TEXT NOT NULL DEFAULT '',
    "emergency_contact_phone" TEXT NOT NULL DEFAULT '',
    "emergency_contact_relation" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[],
    "consent_sms" BOOLEAN NOT NULL DEFAULT false,
    "consent_email" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_id_key" ON "outbox_messages"("id");

-- CreateIndex
CREATE INDEX "outbox_messages_published_at_seq_idx" ON "outbox_messages"("published_at", "seq");

-- CreateIndex
CREATE INDEX "customers_org_id_site_id_name_id_idx" ON "customers"("org_id", "site_id", "name", "id");

-- CreateIndex
CREATE INDEX "customers_site_id_id_number_last4_idx" ON "customers"("site_id", "id_number_last4");

-- CreateIndex
CREATE INDEX "customers_phones_idx" ON "customers" USING GIN ("phones");

-- CreateIndex
CREATE UNIQUE INDEX "customers_org_id_id_number_hmac_key" ON "customers"("org_id", "id_number_hmac");
