-- CreateTable
CREATE TABLE "rebuild_jobs" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT,
    "requested_by" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "site_ids" TEXT[],
    "site_index" INTEGER NOT NULL DEFAULT 0,
    "phase" TEXT NOT NULL DEFAULT 'site',
    "page_token" TEXT NOT NULL DEFAULT '',
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "held_until" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "rebuild_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rebuild_jobs_org_id_status_idx" ON "rebuild_jobs"("org_id", "status");

-- One unfinished rebuild per scope (organisation, site or every site): starting it again resumes it.
CREATE UNIQUE INDEX "rebuild_jobs_one_unfinished" ON "rebuild_jobs"("org_id", coalesce("site_id", ''))
  WHERE "status" <> 'completed';
