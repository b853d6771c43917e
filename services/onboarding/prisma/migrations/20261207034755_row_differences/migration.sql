-- AlterTable
ALTER TABLE "import_jobs" ADD COLUMN     "row_difference_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "row_differences" JSONB NOT NULL DEFAULT '[]';
