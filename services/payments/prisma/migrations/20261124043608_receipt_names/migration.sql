-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "lease_reference" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "recorded_by_name" TEXT NOT NULL DEFAULT '';
