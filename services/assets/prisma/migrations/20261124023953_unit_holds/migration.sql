-- CreateTable
CREATE TABLE "unit_holds" (
    "id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "lease_id" TEXT NOT NULL,
    "from_date" DATE NOT NULL,
    "to_date" DATE NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "unit_holds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "unit_holds_unit_id_to_date_idx" ON "unit_holds"("unit_id", "to_date");

-- CreateIndex
CREATE INDEX "unit_holds_site_id_from_date_to_date_idx" ON "unit_holds"("site_id", "from_date", "to_date");

-- CreateIndex
CREATE UNIQUE INDEX "unit_holds_lease_id_unit_id_key" ON "unit_holds"("lease_id", "unit_id");

-- AddForeignKey
ALTER TABLE "unit_holds" ADD CONSTRAINT "unit_holds_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
