-- CreateTable
CREATE TABLE "removed_objects" (
    "kind" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "removed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "removed_objects_pkey" PRIMARY KEY ("kind","object_id")
);
