-- AlterTable
ALTER TABLE "feed_items" ADD COLUMN     "journal" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "account_mappings" (
    "org_id" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_mappings_pkey" PRIMARY KEY ("org_id")
);
