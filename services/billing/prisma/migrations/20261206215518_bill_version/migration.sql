-- AlterTable
ALTER TABLE "bills" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;
