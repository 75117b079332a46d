-- AlterTable
ALTER TABLE "users" ADD COLUMN     "notice_prefs" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "notices" (
    "id" SERIAL NOT NULL,
    "event_id" BIGINT NOT NULL,
    "task_id" INTEGER NOT NULL,
    "user_id" INTEGER,
    "unit_id" INTEGER,
    "kind" TEXT NOT NULL,
    "digest" BOOLEAN NOT NULL,
    "line" TEXT NOT NULL,
    "outbox_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notices_task_id_idx" ON "notices"("task_id");

-- CreateIndex
CREATE INDEX "notices_digest_outbox_id_idx" ON "notices"("digest", "outbox_id");

-- CreateIndex
CREATE INDEX "notices_outbox_id_idx" ON "notices"("outbox_id");

-- CreateIndex
CREATE UNIQUE INDEX "notices_event_id_user_id_key" ON "notices"("event_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "notices_event_id_unit_id_key" ON "notices"("event_id", "unit_id");

-- AddForeignKey
ALTER TABLE "notices" ADD CONSTRAINT "notices_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "task_events"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notices" ADD CONSTRAINT "notices_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notices" ADD CONSTRAINT "notices_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notices" ADD CONSTRAINT "notices_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notices" ADD CONSTRAINT "notices_outbox_id_fkey" FOREIGN KEY ("outbox_id") REFERENCES "email_outbox"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Added by hand (Prisma's schema cannot say it): a notice tells a person or a unit's mailbox, never both; both
-- null is the office as a whole (see schema.prisma, model Notice).
ALTER TABLE "notices" ADD CONSTRAINT "notices_one_recipient_check" CHECK ("user_id" IS NULL OR "unit_id" IS NULL);
