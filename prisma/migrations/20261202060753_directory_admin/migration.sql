-- AlterTable
ALTER TABLE "units" ADD COLUMN     "merged_into_id" INTEGER;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "must_change_password" BOOLEAN NOT NULL DEFAULT false;

-- AddForeignKey
ALTER TABLE "units" ADD CONSTRAINT "units_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "units"("id") ON DELETE SET NULL ON UPDATE CASCADE;
