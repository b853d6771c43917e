-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "busy_until" TIMESTAMPTZ(3);
