-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "claimed_until" TIMESTAMPTZ(3);
