-- CreateTable
CREATE TABLE "feed_items" (
    "org_id" TEXT NOT NULL,
    "position" BIGINT NOT NULL,
    "event_id" UUID NOT NULL,
    "site_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "customer_id" TEXT NOT NULL,
    "lease_id" TEXT,
    "bill_id" TEXT,
    "payment_id" TEXT,
    "fee_code" TEXT,
    "method" TEXT,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "data" JSONB NOT NULL,
    "appended_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feed_items_pkey" PRIMARY KEY ("org_id","position")
);

-- CreateIndex
CREATE UNIQUE INDEX "feed_items_event_id_key" ON "feed_items"("event_id");

-- CreateIndex
CREATE INDEX "feed_items_org_id_site_id_position_idx" ON "feed_items"("org_id", "site_id", "position");
