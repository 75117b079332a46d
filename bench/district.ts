// The district both database benchmarks seed: 200 units (基准单位1…200, each with a contact address) and 10 leaders
// (领导1…10), written with set-based SQL (generate_series) so that seeding is not what a benchmark measures.
import type { Db } from "../src/db/open-database.ts";

export const benchUnits = 200;

export async function seedDistrict(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`
    INSERT INTO units (name, kind, contact_emails, updated_at)
    SELECT '基准单位' || g, 'bureau', ARRAY['unit' || g || '@bench.example'], now() FROM generate_series(1, ${benchUnits}) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO users (username, name, email, role, password_hash, updated_at)
    SELECT 'leader' || g, '领导' || g, 'leader' || g || '@bench.example', 'leader', 'x', now() FROM generate_series(1, 10) g`);
}

/**
 * `count` open tasks in one set-based INSERT, numbered g = 1…count: every `pendingEvery`th waits for the office's
 * review, every `assignedEvery`th is not signed for, the rest are in progress; lead units and leaders are taken
 * in turn from the first `units` and `leaders`; every fourth task reports weekly, next due on `reportDue`. The
 * date columns are SQL expressions of g.
 */
export async function insertOpenTasks(
  db: Db,
  o: {
    count: number;
    title: string;
    pendingEvery: number;
    assignedEvery: number;
    units: number;
    leaders: number;
    deadline: string;
    assignedAt: string;
    reportDue: string;
  },
): Promise<void> {
  await db.$executeRawUnsafe(`
    INSERT INTO tasks (title, state, lead_unit_id, leader_id, deadline, assigned_at, next_report_due, report_cycle, updated_at)
    SELECT '${o.title}' || g,
      (CASE WHEN g % ${o.pendingEvery} = 0 THEN 'pending_review' WHEN g % ${o.assignedEvery} = 0 THEN 'assigned' ELSE 'in_progress' END)::"TaskState",
      (SELECT min(id) FROM units) + (g % ${o.units}),
      (SELECT min(id) FROM users WHERE role = 'leader') + (g % ${o.leaders}),
      ${o.deadline},
      ${o.assignedAt},
      CASE WHEN g % 4 = 0 THEN ${o.reportDue} ELSE NULL END,
      (CASE WHEN g % 4 = 0 THEN 'weekly' ELSE 'none' END)::"ReportCycle",
      now()
    FROM generate_series(1, ${o.count}) g`);
}
