-- AlterTable
ALTER TABLE "progress_reports" ADD COLUMN     "quality_flags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- The per-unit statistics (dashboard, bulletin) count reports, their flags and extension requests, and are
-- cached under the data version: writes to these tables must move it too.
CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON progress_reports
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON extension_requests
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
