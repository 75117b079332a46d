-- AlterTable
ALTER TABLE "units" ADD COLUMN     "duties" TEXT[] DEFAULT ARRAY[]::TEXT[];
