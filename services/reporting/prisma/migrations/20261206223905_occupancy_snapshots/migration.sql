-- CreateTable
CREATE TABLE "occupancy_snapshots" (
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "area_m2" DECIMAL(14,2) NOT NULL,

    CONSTRAINT "occupancy_snapshots_pkey" PRIMARY KEY ("site_id","day","status")
);

-- CreateIndex
CREATE INDEX "occupancy_snapshots_org_id_site_id_day_idx" ON "occupancy_snapshots"("org_id", "site_id", "day");

-- Today's figures of what the read models already hold: history starts here.
INSERT INTO "occupancy_snapshots" ("org_id", "site_id", "day", "status", "units", "area_m2")
SELECT t."org_id", t."site_id", (now() AT TIME ZONE coalesce(s."time_zone", 'UTC'))::date,
       t."status", t."units", t."area_m2"
  FROM "site_unit_totals" t LEFT JOIN "site_facts" s ON s."site_id" = t."site_id";
