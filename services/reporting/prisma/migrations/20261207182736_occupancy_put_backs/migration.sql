-- CreateTable
CREATE TABLE "occupancy_put_backs" (
    "batch_id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "corrected_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "occupancy_put_backs_pkey" PRIMARY KEY ("batch_id","unit_id")
);
