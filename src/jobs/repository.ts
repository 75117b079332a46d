import type { Db } from "../db/open-database.ts";

/**
 * Claims one slot of a job (e.g. the reminders of 2026-11-24) for this instance. The unique (job, slot) row
 * makes two instances exclusive; a run that started long ago and never finished (a crash) may be claimed again.
 * Returns the run id, or null when the slot is taken.
 */
export async function claimJobSlot(
  db: Db,
  job: string,
  slot: string,
  staleAfterMinutes = 15,
): Promise<number | null> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO job_runs (job, slot, started_at) VALUES (${job}, ${slot}, now())
    ON CONFLICT (job, slot) DO UPDATE SET started_at = now(), error = NULL
      WHERE job_runs.finished_at IS NULL
        AND job_runs.started_at < now() - make_interval(mins => ${staleAfterMinutes}::int)
    RETURNING id`;
  return rows[0]?.id ?? null;
}

export function finishJobRun(db: Db, id: number, result: object) {
  return db.jobRun.update({ where: { id }, data: { finishedAt: new Date(), result } });
}

export function failJobRun(db: Db, id: number, error: string) {
  return db.jobRun.update({ where: { id }, data: { error } });
}

export function findLastFinishedRun(db: Db, job: string) {
  return db.jobRun.findFirst({ where: { job, finishedAt: { not: null } }, orderBy: { slot: "desc" } });
}

export function findRun(db: Db, job: string, slot: string) {
  return db.jobRun.findUnique({ where: { job_slot: { job, slot } } });
}
