-- CreateTable
CREATE TABLE "staff_users" (
    "user_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hq_role" TEXT,
    "as_of" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "staff_users_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "staff_memberships" (
    "user_id" TEXT NOT NULL,
    "site_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "staff_memberships_pkey" PRIMARY KEY ("user_id","site_id")
);

-- CreateTable
CREATE TABLE "user_inbox_items" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "site_id" TEXT,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "variables" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_inbox_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "staff_users_org_id_hq_role_idx" ON "staff_users"("org_id", "hq_role");

-- CreateIndex
CREATE INDEX "staff_memberships_site_id_role_idx" ON "staff_memberships"("site_id", "role");

-- CreateIndex
CREATE INDEX "user_inbox_items_user_id_created_at_id_idx" ON "user_inbox_items"("user_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "user_inbox_items_user_id_read_at_idx" ON "user_inbox_items"("user_id", "read_at");

-- CreateIndex
CREATE UNIQUE INDEX "user_inbox_items_subject_type_subject_id_kind_step_user_id_key" ON "user_inbox_items"("subject_type", "subject_id", "kind", "step", "user_id");

-- AddForeignKey
ALTER TABLE "staff_memberships" ADD CONSTRAINT "staff_memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_users"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;
