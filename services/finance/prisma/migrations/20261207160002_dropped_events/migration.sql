-- CreateTable
CREATE TABLE "dropped_events" (
    "event_id" UUID NOT NULL,
    "org_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "dropped_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dropped_events_pkey" PRIMARY KEY ("event_id")
);
