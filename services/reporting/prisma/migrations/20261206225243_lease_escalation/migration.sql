-- AlterTable
ALTER TABLE "lease_facts" ADD COLUMN     "escalation" JSONB NOT NULL DEFAULT '{"kind": "none"}';
