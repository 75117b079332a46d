-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "extract_rule" TEXT,
ADD COLUMN     "review_checks" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "unit_suggestions" JSONB NOT NULL DEFAULT '[]';
