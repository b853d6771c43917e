-- AlterTable
ALTER TABLE "unit_facts" ADD COLUMN     "facts_as_of" TIMESTAMPTZ(3);
