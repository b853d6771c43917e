-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "attachment" TEXT,
ADD COLUMN     "attachment_issue" TEXT;
