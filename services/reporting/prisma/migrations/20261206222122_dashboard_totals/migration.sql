-- CreateTable
CREATE TABLE "payment_day_totals" (
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "received_minor" BIGINT NOT NULL,
    "reversed_minor" BIGINT NOT NULL,

    CONSTRAINT "payment_day_totals_pkey" PRIMARY KEY ("site_id","day")
);

-- CreateTable
CREATE TABLE "site_unit_totals" (
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "area_m2" DECIMAL(14,2) NOT NULL,

    CONSTRAINT "site_unit_totals_pkey" PRIMARY KEY ("site_id","status")
);

-- CreateIndex
CREATE INDEX "payment_day_totals_org_id_day_idx" ON "payment_day_totals"("org_id", "day");

-- CreateIndex
CREATE INDEX "site_unit_totals_org_id_idx" ON "site_unit_totals"("org_id");

-- What the read models already hold.
INSERT INTO "payment_day_totals" ("org_id", "site_id", "day", "received_minor", "reversed_minor")
SELECT p."org_id", p."site_id", (p."received_at" AT TIME ZONE coalesce(s."time_zone", 'UTC'))::date,
       sum(p."amount_minor"), coalesce(sum(p."amount_minor") FILTER (WHERE p."reversed_at" IS NOT NULL), 0)
  FROM "payment_entries" p LEFT JOIN "site_facts" s ON s."site_id" = p."site_id"
 GROUP BY 1, 2, 3;

INSERT INTO "site_unit_totals" ("org_id", "site_id", "status", "units", "area_m2")
SELECT "org_id", "site_id", "status", count(*), coalesce(sum("gross_area_m2"), 0)
  FROM "unit_facts" GROUP BY 1, 2, 3;
