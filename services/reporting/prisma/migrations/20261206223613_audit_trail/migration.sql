-- CreateTable
CREATE TABLE "audit_entries" (
    "event_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT,
    "object_type" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "trace_id" TEXT,
    "changes" JSONB NOT NULL,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "audit_objects" (
    "object_type" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_objects_pkey" PRIMARY KEY ("object_type","object_id")
);

-- CreateIndex
CREATE INDEX "audit_entries_org_id_occurred_at_idx" ON "audit_entries"("org_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "audit_entries_org_id_object_type_object_id_idx" ON "audit_entries"("org_id", "object_type", "object_id");

-- CreateIndex
CREATE INDEX "audit_entries_org_id_actor_occurred_at_idx" ON "audit_entries"("org_id", "actor", "occurred_at" DESC);
