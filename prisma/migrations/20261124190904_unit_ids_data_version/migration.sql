-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "unit_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- CreateTable
CREATE TABLE "data_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "data_version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tasks_unit_ids_idx" ON "tasks" USING GIN ("unit_ids");

-- Written by hand below: Prisma's schema language has no triggers.

-- tasks.unit_ids: the lead unit, then the co-units in id order, so that "tasks of unit X" is one GIN lookup
-- (unit_ids && '{X}') instead of lead_unit_id = X OR EXISTS (co-unit), which no index can serve. Triggers keep it,
-- so no write path (Prisma, raw SQL, a future import) can leave it behind: writing lead_unit_id or unit_ids
-- recomputes it, and a co-unit row added, changed or removed sets its task's unit_ids to NULL to recompute.
CREATE FUNCTION task_unit_ids(integer, integer) RETURNS integer[] LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN $2 IS NULL THEN ARRAY[]::integer[] ELSE ARRAY[$2] END
    || coalesce((SELECT array_agg(c.unit_id ORDER BY c.unit_id) FROM task_co_units c WHERE c.task_id = $1),
                ARRAY[]::integer[])
$$;

CREATE FUNCTION tasks_keep_unit_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.unit_ids := task_unit_ids(NEW.id, NEW.lead_unit_id);
  RETURN NEW;
END $$;

CREATE TRIGGER tasks_keep_unit_ids BEFORE INSERT OR UPDATE OF lead_unit_id, unit_ids ON tasks
  FOR EACH ROW EXECUTE FUNCTION tasks_keep_unit_ids();

CREATE FUNCTION task_co_units_touch_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN UPDATE tasks SET unit_ids = NULL WHERE id = NEW.task_id; END IF;
  IF TG_OP <> 'INSERT' THEN UPDATE tasks SET unit_ids = NULL WHERE id = OLD.task_id; END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER task_co_units_touch_task AFTER INSERT OR UPDATE OR DELETE ON task_co_units
  FOR EACH ROW EXECUTE FUNCTION task_co_units_touch_task();

UPDATE tasks SET unit_ids = NULL;

-- Every non-HOT update of a task adds GIN entries. With the default fastupdate they wait in a pending list that
-- each lookup scans until (auto)vacuum merges it, which made the lookup 5 times slower after a busy day in the
-- benchmark. Tasks are written a few times each over weeks; inserting straight into the index costs little.
ALTER INDEX tasks_unit_ids_idx SET (fastupdate = off);

-- data_version: one row whose version changes in the same transaction as every statement that writes a table
-- the app's in-process caches are built from (src/db/data-version.ts). A reader that sees version v therefore
-- sees every write up to v, in this process or any other, and a value cached under v is never served after a
-- later write. The trigger runs BEFORE each statement, so a writing transaction takes this row's lock before any
-- row lock of these tables: concurrent writers queue here for the few milliseconds a transaction lasts instead of
-- deadlocking on each other's rows.
INSERT INTO data_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;

CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON task_co_units
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
-- Only the columns the signed-in user and the demo banner are built from: a log-in (last_login_at) or a new
-- password must not throw away the dashboard's figures.
CREATE TRIGGER bump_data_version
  BEFORE INSERT OR UPDATE OF username, name, role, unit_id, active, demo OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON leader_units
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON meetings
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON holiday_overrides
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
