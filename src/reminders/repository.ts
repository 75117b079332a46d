import type { Db, Tx } from "../db/open-database.ts";
import { Prisma } from "../generated/prisma/client.ts";

export function listUnitContacts(db: Tx, unitIds: number[]) {
  return db.unit.findMany({
    where: { id: { in: unitIds } },
    select: {
      id: true,
      name: true,
      emails: true,
      users: { where: { active: true, email: { not: null } }, select: { email: true } },
    },
  });
}

export function listUsersWithEmail(db: Tx, where: Prisma.UserWhereInput) {
  return db.user.findMany({
    where: { ...where, active: true, email: { not: null } },
    select: { id: true, name: true, email: true },
  });
}

/**
 * Keeps undelivered digests from being claimed for a while (they are about to be merged): a sender would
 * otherwise take one up during the run, the run could not supersede it, and its person would get two emails
 * when the mail server is back. The hold lapses by itself if the run dies.
 */
export function holdUndeliveredDigests(db: Tx, until: Date) {
  return db.$executeRaw`
    UPDATE email_outbox SET next_attempt_at = ${until}
    WHERE status = 'pending' AND kind = 'digest' AND next_attempt_at < ${until}`;
}

/** Recipients with more than one undelivered digest (one was being sent when the next run came, say). */
export async function listRecipientsWithPiledUpDigests(db: Tx): Promise<string[]> {
  const rows = await db.$queryRaw<{ recipient: string }[]>`
    SELECT r.recipient
    FROM reminders r JOIN email_outbox o ON o.id = r.outbox_id
    WHERE o.status = 'pending' AND o.kind = 'digest'
    GROUP BY r.recipient
    HAVING count(DISTINCT o.id) > 1`;
  return rows.map((r) => r.recipient);
}

/** Points superseded digests at the digest that carries their reminders, and moves the reminders there. */
export async function linkSupersededDigests(tx: Tx, links: { oldId: number; newId: number }[]) {
  if (links.length === 0) return;
  const olds = links.map((l) => l.oldId);
  const news = links.map((l) => l.newId);
  await tx.$executeRaw`
    UPDATE email_outbox o SET superseded_by_id = m.new_id
    FROM unnest(${olds}::int[], ${news}::int[]) AS m(old_id, new_id)
    WHERE o.id = m.old_id`;
  await tx.$executeRaw`
    UPDATE reminders r SET outbox_id = m.new_id
    FROM unnest(${olds}::int[], ${news}::int[]) AS m(old_id, new_id)
    WHERE r.outbox_id = m.old_id`;
}

export function createReminders(tx: Tx, data: Prisma.ReminderCreateManyInput[]) {
  return tx.reminder.createMany({ data });
}

export function findSetting(db: Tx, key: string) {
  return db.setting.findUnique({ where: { key } });
}

export function saveSetting(db: Db, key: string, value: Prisma.InputJsonValue) {
  return db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

// The daily run, set-based: the plan, the carried reminders and the digest lines live in temporary tables of the
// run's transaction (dropped at its end), so a hundred thousand tasks never travel to JS and back.

/** The open tasks the plan looks at: only these can have a reminder in the window (see planSql). */
const candidateWhere = (until: string) => Prisma.sql`
  t.state IN ('assigned', 'in_progress', 'pending_review') AND t.lead_unit_id IS NOT NULL
  AND (t.deadline <= ${until}::date OR t.state = 'assigned' OR t.next_report_due <= ${until}::date)`;

/**
 * The earliest day the plan counts working days from: a candidate's deadline (when counting in working days), a
 * candidate's day of 交办, the deadline or day of an undelivered digest's reminder. Null when there is none.
 */
export async function findPlanCalendarStart(
  db: Tx,
  o: { until: string; deadlines: boolean },
): Promise<string | null> {
  const [row] = await db.$queryRaw<{ start: string | null }[]>`
    SELECT to_char(least(
      (SELECT min(t.deadline) FROM tasks t WHERE ${o.deadlines}::boolean AND ${candidateWhere(o.until)}),
      (SELECT min((t.assigned_at AT TIME ZONE 'Asia/Shanghai')::date) FROM tasks t
        WHERE t.state = 'assigned' AND ${candidateWhere(o.until)}),
      (SELECT least(min(t.deadline), min(r.on_date))
        FROM reminders r JOIN email_outbox e ON e.id = r.outbox_id JOIN tasks t ON t.id = r.task_id
        WHERE e.status = 'pending' AND e.kind = 'digest')), 'YYYY-MM-DD') AS start`;
  return row?.start ?? null;
}

/** Every day the plan may count over: whether it is a working day, and n, the working days up to and including it. */
export async function createPlanCalendar(
  tx: Tx,
  days: { day: string[]; workday: boolean[]; n: number[] },
): Promise<void> {
  await tx.$executeRaw`
    CREATE TEMP TABLE reminder_calendar (day date PRIMARY KEY, workday boolean NOT NULL, n int NOT NULL)
    ON COMMIT DROP`;
  await tx.$executeRaw`
    INSERT INTO reminder_calendar
    SELECT * FROM unnest(${days.day}::date[], ${days.workday}::boolean[], ${days.n}::int[])`;
}

export type PlanRules = {
  today: string;
  /** The last day already covered; the window is (since, today]. */
  since: string;
  /** The candidates' horizon: deadlines and reports due up to this day. */
  until: string;
  dueSoonDays: number[];
  overdueEveryDays: number;
  escalateAfterDays: number;
  countWorkdays: boolean;
  signWithinWorkdays: number;
};

/**
 * The day's plan as a table, one row per reminder and recipient, with the rules of plan.ts (planReminders) over
 * every day of the window: due soon, due today, overdue and escalated, not signed, report due. seq orders the
 * rows as the planner lists them: by task, then due today, each day's due soon, overdue and escalation, not
 * signed, report due, and each reminder's recipients unit, leader, office (an integer, so ordering by it never
 * compares text).
 * Returns how many reminders (task, kind and day) were planned, before those sent already are dropped.
 */
export async function createPlan(tx: Tx, r: PlanRules): Promise<number> {
  const every = r.overdueEveryDays;
  const work = Prisma.sql`${r.countWorkdays}::boolean`;
  await tx.$executeRaw`
    CREATE TEMP TABLE reminder_plan ON COMMIT DROP AS
    WITH candidate AS (
      SELECT t.id, t.state::text AS state, t.deadline, t.next_report_due, t.leader_id,
             'unit:' || t.lead_unit_id AS unit,
             (t.assigned_at AT TIME ZONE 'Asia/Shanghai')::date AS assigned_on
      FROM tasks t WHERE ${candidateWhere(r.until)}),
    win AS (SELECT day, workday, n FROM reminder_calendar WHERE day > ${r.since}::date AND day <= ${r.today}::date),
    -- The day the signing window closes: the signWithinWorkdays-th working day after the day of 交办.
    closes AS (
      SELECT a.day AS assigned_on, w.day AS closes_on
      FROM reminder_calendar a JOIN reminder_calendar w ON w.workday AND w.n = a.n + ${r.signWithinWorkdays}::int),
    pair AS (
      SELECT c.*, w.day, w.workday,
        CASE WHEN ${work} THEN dl.n - w.n ELSE c.deadline - w.day END AS days_left,
        CASE WHEN ${work} THEN w.n - dl.n ELSE w.day - c.deadline END AS days_late,
        w.day - cl.closes_on AS unsigned_late,
        w.day - c.next_report_due AS report_late
      FROM candidate c CROSS JOIN win w
      LEFT JOIN reminder_calendar dl ON dl.day = c.deadline
      LEFT JOIN closes cl ON cl.assigned_on = c.assigned_on),
    rule AS (
      -- Due today is said on the day itself only; a deadline on a day off was covered by due soon.
      SELECT id, 'due_today' AS kind, ${r.today}::date AS on_date, NULL::int AS days_overdue, 0 AS grp, 0 AS ord,
             unit, leader_id
      FROM candidate WHERE state <> 'pending_review' AND deadline = ${r.today}::date
      UNION ALL
      -- With working-day counting only working days carry due soon (a Saturday is not "3 days left").
      SELECT id, 'due_soon', day, NULL, 1, 0, unit, leader_id FROM pair
      WHERE state <> 'pending_review' AND day < deadline AND deadline <> ${r.today}::date
        AND (NOT ${work} OR workday) AND days_left = ANY(${r.dueSoonDays}::int[])
      UNION ALL
      SELECT id, 'overdue', day, days_late, 1, 1, unit, leader_id FROM pair
      WHERE state <> 'pending_review' AND day > deadline AND days_late >= 1
        AND (days_late - 1) % ${every}::int = 0 AND (NOT ${work} OR workday)
      UNION ALL
      SELECT id, 'escalation', day, days_late, 1, 2, unit, leader_id FROM pair
      WHERE state <> 'pending_review' AND day > deadline AND days_late >= 1
        AND (days_late - 1) % ${every}::int = 0 AND (NOT ${work} OR workday)
        AND days_late > ${r.escalateAfterDays}::int
      UNION ALL
      SELECT id, 'not_signed', day, NULL, 2, 0, unit, leader_id FROM pair
      WHERE state = 'assigned' AND unsigned_late >= 1 AND (unsigned_late - 1) % ${every}::int = 0
      UNION ALL
      SELECT id, 'report_due', day, NULL, 3, 0, unit, leader_id FROM pair
      WHERE state = 'in_progress' AND report_late >= 0 AND report_late % ${every}::int = 0)
    SELECT r.id AS task_id, r.kind, r.on_date, r.days_overdue,
           CASE k.rank WHEN 0 THEN r.unit WHEN 1 THEN 'leader:' || r.leader_id ELSE 'office' END AS recipient,
           ((((r.id::bigint * 4 + r.grp) * 65536 + (r.on_date - DATE '2000-01-01')) * 4 + r.ord) * 4 + k.rank) AS seq
    FROM rule r JOIN (VALUES (0), (1), (2)) AS k(rank)
      ON CASE WHEN r.kind = 'escalation' THEN k.rank = 2 OR (k.rank = 1 AND r.leader_id IS NOT NULL)
              ELSE k.rank = 0 END`;
  // A temporary table has no statistics until analysed; without them the joins below sort where they should hash.
  await tx.$executeRaw`ANALYZE reminder_plan`;
  const [row] = await tx.$queryRaw<{ planned: number }[]>`
    SELECT count(*)::int AS planned FROM (SELECT DISTINCT task_id, kind, on_date FROM reminder_plan) p`;
  // What an earlier run (or an earlier part of today) sent is not planned again.
  await tx.$executeRaw`
    DELETE FROM reminder_plan p USING reminders r
    WHERE r.task_id = p.task_id AND r.kind = p.kind AND r.on_date = p.on_date AND r.recipient = p.recipient`;
  return row?.planned ?? 0;
}

/** The plan's recipients in the order the planner first names them (task by task, each task's reminders in turn). */
export async function listPlanRecipients(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ recipient: string }[]>`
    SELECT recipient FROM reminder_plan GROUP BY recipient ORDER BY min(seq)`;
  return rows.map((r) => r.recipient);
}

/**
 * The reminders of these recipients' undelivered digests, for the run's digests to carry: read only (a preview),
 * or taken out of the queue (status superseded). Row locks order the latter against the sender's claim: a row a
 * sender claimed first is left to it (it may be on its way), and a row superseded first is never claimed.
 */
export async function createCarried(tx: Tx, recipients: string[], supersede: boolean): Promise<void> {
  await tx.$executeRaw`
    CREATE TEMP TABLE reminder_carried (
      id int, outbox_id int, recipient text, task_id int, kind text, on_date date) ON COMMIT DROP`;
  if (supersede) {
    await tx.$executeRaw`
      WITH s AS (
        UPDATE email_outbox o SET status = 'superseded'
        WHERE o.status = 'pending' AND o.kind = 'digest'
          AND EXISTS (
            SELECT 1 FROM reminders r WHERE r.outbox_id = o.id AND r.recipient = ANY(${recipients}::text[]))
        RETURNING o.id)
      INSERT INTO reminder_carried
      SELECT r.id, r.outbox_id, r.recipient, r.task_id, r.kind, r.on_date FROM reminders r JOIN s ON s.id = r.outbox_id`;
  } else {
    await tx.$executeRaw`
      INSERT INTO reminder_carried
      SELECT r.id, r.outbox_id, r.recipient, r.task_id, r.kind, r.on_date
      FROM reminders r JOIN email_outbox o ON o.id = r.outbox_id
      WHERE o.status = 'pending' AND o.kind = 'digest' AND r.recipient = ANY(${recipients}::text[])`;
  }
}

export type DigestLineRow = {
  recipient: string;
  kind: string;
  taskId: number;
  title: string;
  unitName: string | null;
  deadline: string | null;
  daysOverdue: number | null;
  carriedFrom: string | null;
  /** The kind's lines in this recipient's digest, listed or not. */
  total: number;
};

export type DigestCountRow = {
  recipient: string;
  /** Tasks named, and of them overdue or escalated. */
  tasks: number;
  overdue: number;
  /** Today's reminders and the carried ones, as written. */
  reminders: number;
  carried: number;
  /** The undelivered digests this one supersedes. */
  supersedes: number[];
  /** sha256 (hex) of the digest's sorted task|kind|day keys: with recipient and day, its identity. */
  fingerprint: string;
};

/**
 * The digests of these recipients, from the plan and the carried reminders: one line per task and kind (today's
 * wins, else the latest carried; placed where the task first comes), the first `listed` lines of each kind with
 * the kind's total, and each digest's counts. A carried overdue line says how late it was on its own day.
 */
export async function listDigests(
  tx: Tx,
  o: { recipients: string[]; listed: number; countWorkdays: boolean },
): Promise<{ lines: DigestLineRow[]; counts: DigestCountRow[] }> {
  // Recipients by number from here on: joins and sorts over a hundred thousand rows never compare text.
  await tx.$executeRaw`
    CREATE TEMP TABLE reminder_digest ON COMMIT DROP AS
    SELECT recipient, rpos::int FROM unnest(${o.recipients}::text[]) WITH ORDINALITY AS d(recipient, rpos)`;
  await tx.$executeRaw`ANALYZE reminder_digest`;
  await tx.$executeRaw`
    CREATE TEMP TABLE reminder_line ON COMMIT DROP AS
    SELECT d.rpos, p.kind, p.task_id, max(p.days_overdue) AS days_overdue, NULL::date AS carried_from,
           p.task_id::bigint AS pos
    FROM reminder_plan p JOIN reminder_digest d USING (recipient)
    GROUP BY d.rpos, p.kind, p.task_id`;
  // A carried reminder makes a line only where today's plan has none for its task and kind: the latest one, placed
  // after every line of today's, in the order they were written.
  await tx.$executeRaw`
    INSERT INTO reminder_line
    SELECT DISTINCT ON (d.rpos, c.kind, c.task_id) d.rpos, c.kind, c.task_id,
      CASE WHEN c.kind IN ('overdue', 'escalation') AND t.deadline < c.on_date THEN
        CASE WHEN ${o.countWorkdays}::boolean THEN co.n - dl.n ELSE c.on_date - t.deadline END END,
      c.on_date, 4294967296 + min(c.id) OVER (PARTITION BY d.rpos, c.kind, c.task_id)
    FROM reminder_carried c JOIN reminder_digest d USING (recipient) JOIN tasks t ON t.id = c.task_id
    LEFT JOIN reminder_calendar co ON co.day = c.on_date
    LEFT JOIN reminder_calendar dl ON dl.day = t.deadline
    WHERE NOT EXISTS (
      SELECT 1 FROM reminder_line l WHERE l.rpos = d.rpos AND l.kind = c.kind AND l.task_id = c.task_id)
    ORDER BY d.rpos, c.kind, c.task_id, c.on_date DESC`;
  await tx.$executeRaw`ANALYZE reminder_line`;
  const lines = await tx.$queryRaw<DigestLineRow[]>`
    WITH listed AS MATERIALIZED (
      SELECT * FROM (
        SELECT *, row_number() OVER (PARTITION BY rpos, kind COLLATE "C" ORDER BY pos) AS n,
               count(*) OVER (PARTITION BY rpos, kind COLLATE "C") AS total
        FROM reminder_line) l
      WHERE n <= ${o.listed}::int)
    SELECT d.recipient, l.kind, l.task_id AS "taskId", t.title, u.name AS "unitName",
           to_char(t.deadline, 'YYYY-MM-DD') AS deadline, l.days_overdue AS "daysOverdue",
           to_char(l.carried_from, 'YYYY-MM-DD') AS "carriedFrom", l.total::int AS total
    FROM listed l JOIN reminder_digest d USING (rpos)
    JOIN tasks t ON t.id = l.task_id LEFT JOIN units u ON u.id = t.lead_unit_id
    ORDER BY l.rpos, l.kind, l.n`;
  const counts = await tx.$queryRaw<DigestCountRow[]>`
    WITH written AS (
      SELECT d.rpos, p.task_id, p.kind, p.on_date, NULL::int AS outbox_id
      FROM reminder_plan p JOIN reminder_digest d USING (recipient)
      UNION ALL
      SELECT d.rpos, c.task_id, c.kind, c.on_date, c.outbox_id
      FROM reminder_carried c JOIN reminder_digest d USING (recipient)),
    per AS (
      SELECT rpos, count(*) FILTER (WHERE outbox_id IS NULL)::int AS reminders,
             count(*) FILTER (WHERE outbox_id IS NOT NULL)::int AS carried,
             coalesce(array_agg(DISTINCT outbox_id) FILTER (WHERE outbox_id IS NOT NULL), '{}') AS supersedes,
             encode(sha256(convert_to(string_agg(task_id || '|' || kind || '|' || to_char(on_date, 'YYYY-MM-DD'),
               ',' ORDER BY task_id || '|' || kind || '|' || to_char(on_date, 'YYYY-MM-DD') COLLATE "C"), 'UTF8')),
               'hex') AS fingerprint
      FROM written GROUP BY rpos),
    named AS (
      SELECT rpos, count(DISTINCT task_id)::int AS tasks,
             (count(DISTINCT task_id) FILTER (WHERE kind IN ('overdue', 'escalation')))::int AS overdue
      FROM reminder_line GROUP BY rpos)
    SELECT d.recipient, named.tasks, named.overdue, per.reminders, per.carried, per.supersedes, per.fingerprint
    FROM per JOIN named USING (rpos) JOIN reminder_digest d USING (rpos)`;
  return { lines, counts };
}

/**
 * Today's reminder rows, each with the digest that carries it, in one statement. The plan holds none written
 * already (createPlan dropped them, under the run's lock), so no conflict to handle.
 */
export async function insertPlannedReminders(
  tx: Tx,
  digests: { recipient: string[]; outboxId: number[] },
): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO reminders (task_id, kind, on_date, recipient, outbox_id)
    SELECT p.task_id, p.kind, p.on_date, p.recipient, m.outbox_id
    FROM reminder_plan p
    JOIN unnest(${digests.recipient}::text[], ${digests.outboxId}::int[]) WITH ORDINALITY AS m(recipient, outbox_id, pos)
      ON m.recipient = p.recipient
    ORDER BY m.pos, p.seq`;
}

/**
 * Opens the run's transaction: with `lock`, holds every other reminder run until it ends, so two runs never plan
 * from the same snapshot. JIT is off for it: compiling the plan's few big statements cost PostgreSQL more than a
 * second each time, several times what running them takes (PGlite has no JIT; the setting is harmless there).
 */
export async function beginReminderRun(tx: Tx, lock: boolean): Promise<void> {
  await tx.$executeRaw`SET LOCAL jit = off`;
  // The plan's sorts (a hundred thousand rows) in memory rather than in temporary files.
  await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
  if (lock) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${reminderRunLock}::bigint)`;
}

/** An id of its own for the run's advisory lock (the migration runner holds 72707369, Prisma's). */
const reminderRunLock = 72707370;
