// Seeds the dashboard benchmark's data set: 100,000 tasks (BENCH_TASKS) over 200 units with a year of history.
import type { Database } from "../src/db/open-database.ts";
import { hashPassword } from "../src/features/auth/passwords.ts";
import { benchUnits, seedDistrict } from "./district.ts";

export const benchPassword = "bench2026pass";

/** Set-based seeding (generate_series), so seeding is not what we measure. */
export async function seedDashboardBench(database: Database, tasks: number) {
  const db = database.prisma;
  const hash = await hashPassword(benchPassword);
  await seedDistrict(db);
  // Each leader is in charge of 20 units.
  await db.$executeRawUnsafe(`
    INSERT INTO leader_units (user_id, unit_id)
    SELECT l.id, u.id FROM users l JOIN units u ON u.id % 10 = l.id % 10 WHERE l.role = 'leader'`);
  await db.$executeRawUnsafe(
    `INSERT INTO users (username, name, role, password_hash, updated_at) VALUES ('office1', '督查室', 'office', $1, now())`,
    hash,
  );
  // 52 meetings over the year, one a week.
  await db.$executeRawUnsafe(`
    INSERT INTO meetings (title, kind, held_on, source_text, content_hash)
    SELECT '区政府第' || g || '次常务会议', '常务会议', DATE '2026-11-24' - g * 7, '纪要' || g, 'bench' || g
    FROM generate_series(1, 52) g`);
  // A year of history: handed out over 365 days; 60% done (on time when done by the deadline); of the open
  // ones a third overdue (1–90 days), the rest due within the next 120 days. One task in five has a co-unit.
  await db.$executeRawUnsafe(`
    INSERT INTO tasks (title, origin, meeting_id, state, lead_unit_id, leader_id, deadline, assigned_at, done_at,
      done_on_time, next_report_due, report_cycle, updated_at)
    SELECT '基准事项' || g,
      (CASE WHEN g % 5 = 0 THEN 'leader' ELSE 'meeting' END)::"TaskOrigin",
      CASE WHEN g % 5 = 0 THEN NULL ELSE (SELECT min(id) FROM meetings) + (g % 52) END,
      (CASE WHEN g % 10 < 6 THEN 'done' WHEN g % 20 = 7 THEN 'pending_review' WHEN g % 10 = 6 THEN 'assigned'
        ELSE 'in_progress' END)::"TaskState",
      (SELECT min(id) FROM units) + (g % ${benchUnits}),
      (SELECT min(id) FROM users WHERE role = 'leader') + (g % 10),
      CASE WHEN g % 10 < 6 THEN DATE '2026-11-24' - (g % 365) + 15 + (g % 60)
        WHEN g % 3 = 0 THEN DATE '2026-11-24' - (1 + g % 90)
        ELSE DATE '2026-11-24' + (g % 120) END,
      TIMESTAMPTZ '2026-11-24 08:00+08' - ((g % 365) || ' days')::interval,
      CASE WHEN g % 10 < 6 THEN LEAST(TIMESTAMPTZ '2026-11-24 08:00+08' - ((g % 365) || ' days')::interval
        + ((g % 70) || ' days')::interval, TIMESTAMPTZ '2026-11-24 08:00+08') END,
      CASE WHEN g % 10 < 6 THEN (g % 70) <= 15 + (g % 60) OR (g % 365) < (g % 70) END,
      CASE WHEN g % 4 = 0 AND g % 10 >= 6 THEN DATE '2026-11-24' - (g % 10) ELSE NULL END,
      (CASE WHEN g % 4 = 0 THEN 'weekly' ELSE 'none' END)::"ReportCycle",
      now()
    FROM generate_series(1, ${tasks}) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO task_co_units (task_id, unit_id)
    SELECT t.id, (SELECT min(id) FROM units) + ((t.lead_unit_id - (SELECT min(id) FROM units) + 7) % ${benchUnits})
    FROM tasks t WHERE t.id % 5 = 1`);
  await db.$executeRawUnsafe("VACUUM ANALYZE");
  // The unit whose overdue list is loaded: the one with the most overdue tasks, led or co-operated on.
  const [busiest] = await db.$queryRawUnsafe<{ unit_id: number; n: bigint }[]>(`
    SELECT unit_id, count(*) AS n FROM (
      SELECT id, lead_unit_id AS unit_id, state, deadline FROM tasks
      UNION ALL SELECT t.id, c.unit_id, t.state, t.deadline FROM task_co_units c JOIN tasks t ON t.id = c.task_id
    ) x
    WHERE state IN ('assigned', 'in_progress', 'pending_review') AND deadline < DATE '2026-11-24'
    GROUP BY unit_id ORDER BY n DESC, unit_id LIMIT 1`);
  if (!busiest) throw new Error("the seed made no overdue task");
  return { unitId: busiest.unit_id, unitOverdue: Number(busiest.n) };
}
