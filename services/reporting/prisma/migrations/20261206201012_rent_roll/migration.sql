-- AlterTable
ALTER TABLE "lease_facts" ADD COLUMN     "deposit_as_of" TIMESTAMPTZ(3),
ADD COLUMN     "deposit_held_minor" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "unit_facts" ADD COLUMN     "code" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "customer_facts" (
    "customer_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_facts_pkey" PRIMARY KEY ("customer_id")
);
