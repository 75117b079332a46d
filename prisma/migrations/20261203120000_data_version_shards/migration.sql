-- data_version in 64 rows instead of one. Every writing transaction used to take the single row's lock at its
-- first watched statement and hold it until commit, so a long import or bulk hand-out made every other writer in
-- the district wait. Now a transaction bumps one of 64 rows, chosen by its transaction id, and the version is the
-- sum of all rows: each commit adds at least one, and PostgreSQL's snapshots see commits as a growing prefix, so
-- two readers with the same sum saw the same writes (src/db/data-version.ts). Two writers share a row only when
-- their ids fall on the same one; then the later waits at its first watched statement, before it holds any row.
-- Writers no longer queue on one lock, so two transactions that write the same tasks in opposite order can now
-- deadlock: PostgreSQL aborts one of them and the app answers 409 (retry), as with any write conflict.
INSERT INTO data_version (id, version) SELECT g, 0 FROM generate_series(2, 64) AS g;

CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1 + txid_current() % 64;
  RETURN NULL;
END $$;
