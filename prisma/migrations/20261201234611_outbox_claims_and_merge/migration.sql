-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'superseded';

-- AlterTable
ALTER TABLE "email_outbox" ADD COLUMN     "claim_token" TEXT,
ADD COLUMN     "message_id" TEXT,
ADD COLUMN     "superseded_by_id" INTEGER;

-- AddForeignKey
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_superseded_by_id_fkey" FOREIGN KEY ("superseded_by_id") REFERENCES "email_outbox"("id") ON DELETE SET NULL ON UPDATE CASCADE;
