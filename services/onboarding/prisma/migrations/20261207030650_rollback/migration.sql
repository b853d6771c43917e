-- AlterTable
ALTER TABLE "import_jobs" ADD COLUMN     "rolled_back_at" TIMESTAMPTZ(3),
ADD COLUMN     "rolled_back_by" TEXT;

-- One import of a site at a time is committed or rolled back.
DROP INDEX "import_jobs_one_committing";
CREATE UNIQUE INDEX "import_jobs_one_committing" ON "import_jobs"("site_id")
  WHERE "status" IN ('committing', 'failing', 'rolling_back');
