-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "unmatched_units" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "vague_addressees" TEXT[] DEFAULT ARRAY[]::TEXT[];
