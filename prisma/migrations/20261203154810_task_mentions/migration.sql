-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "link_candidates" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "repeat_count" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "task_mentions" (
    "id" SERIAL NOT NULL,
    "task_id" INTEGER NOT NULL,
    "meeting_id" INTEGER NOT NULL,
    "source_text" TEXT NOT NULL,
    "source_start" INTEGER,
    "source_end" INTEGER,
    "linked_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_mentions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "task_mentions_meeting_id_idx" ON "task_mentions"("meeting_id");

-- CreateIndex
CREATE UNIQUE INDEX "task_mentions_task_id_meeting_id_key" ON "task_mentions"("task_id", "meeting_id");

-- AddForeignKey
ALTER TABLE "task_mentions" ADD CONSTRAINT "task_mentions_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_mentions" ADD CONSTRAINT "task_mentions_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_mentions" ADD CONSTRAINT "task_mentions_linked_by_id_fkey" FOREIGN KEY ("linked_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
