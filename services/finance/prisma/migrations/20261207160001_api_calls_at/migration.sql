-- CreateIndex
CREATE INDEX "api_calls_at_idx" ON "api_calls"("at");
