-- AlterTable
ALTER TABLE "leases" ADD COLUMN     "billing_starts_on" DATE;

-- CreateTable
CREATE TABLE "import_batches" (
    "batch_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_batches_pkey" PRIMARY KEY ("batch_id")
);

-- CreateTable
CREATE TABLE "import_rows" (
    "batch_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "row_key" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "event_ids" UUID[],

    CONSTRAINT "import_rows_pkey" PRIMARY KEY ("batch_id","kind","row_key")
);

-- CreateIndex
CREATE INDEX "import_rows_batch_id_kind_object_id_idx" ON "import_rows"("batch_id", "kind", "object_id");
