// Demo data: on first start of an empty embedded database, and from `duban seed`.
import type { Db } from "../../db/open-database.ts";
import { ConflictError } from "../../shared/errors.ts";
import { hashPassword } from "../auth/passwords.ts";
import { loadActor } from "../auth/service.ts";
import { importMeeting } from "../meetings/service.ts";
import { discardNoticesOfTasks, quietNoticePrefs } from "../notices/service.ts";
import { assignTasks, signTask } from "../tasks/service.ts";
import { demoMeeting, demoPassword, demoPeople, demoUnits, deputyUnits } from "./district.ts";
import {
  countUsers,
  createUser,
  findUserByUsername,
  findUsernames,
  listMeetingDrafts,
  resetNoticePrefs,
  upsertUnit,
} from "./repository.ts";

export const demoLogins = [
  { role: "督查室", username: demoPeople.office.username, label: demoPeople.office.label },
  { role: "领导", username: demoPeople.leader.username, label: demoPeople.leader.label },
  { role: "领导", username: demoPeople.deputy.username, label: demoPeople.deputy.label },
  { role: "责任单位", username: "shuiwu", label: "区水务局（每个演示单位各有一个账号，用户名见“账号管理”）" },
];

export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
  await seedDemo(db);
  return true;
}

/** Writes the demo district in one transaction (all of it or nothing), then imports the demo meeting. */
export async function seedDemo(db: Db, now = new Date()): Promise<void> {
  // Hash before the transaction: argon2 is slow on purpose and PGlite serialises everything inside one.
  const names = [demoPeople.office, demoPeople.leader, demoPeople.deputy, ...demoUnits].map(
    (u) => u.username,
  );
  const hashes = new Map(
    await Promise.all(names.map(async (n) => [n, await hashPassword(demoPassword)] as const)),
  );

  const hashOf = (username: string) => hashes.get(username)!;
  const email = (username: string) => `${username}@duban.example`;

  const officeId = await db.$transaction(async (tx) => {
    const taken = await findUsernames(tx, names);
    if (taken.length > 0) {
      throw new ConflictError(`演示账号已存在（${taken.map((u) => u.username).join("、")}），未重复写入`);
    }
    const unitIds = new Map<string, number>();
    for (const u of demoUnits) {
      const unit = await upsertUnit(tx, {
        name: u.name,
        shortName: u.shortName ?? null,
        aliases: u.aliases,
        duties: u.duties,
        kind: u.kind,
        emails: [email(u.username)],
      });
      unitIds.set(u.name, unit.id);
      await createUser(tx, {
        username: u.username,
        name: u.contact,
        email: email(u.username),
        role: "unit",
        unitId: unit.id,
        passwordHash: hashOf(u.username),
        demo: true,
        noticePrefs: quietNoticePrefs,
      });
    }
    const { office, leader, deputy } = demoPeople;
    const officeUser = await createUser(tx, {
      ...person(office),
      role: "office",
    });
    await createUser(tx, { ...person(leader), role: "leader" });
    await createUser(tx, {
      ...person(deputy),
      role: "leader",
      leaderUnits: { create: deputyUnits.map((name) => ({ unitId: unitIds.get(name)! })) },
    });
    return officeUser.id;
  });

  await seedDemoMeeting(db, officeId, now);
  // The demo hand-outs told every demo unit (held for the digest, so no mail was queued at once): nobody should
  // get a digest of a district's worth of made-up tasks, and from now on the demo accounts hear as anyone would.
  await resetNoticePrefs(db, names);

  function person(p: { username: string; name: string }) {
    return {
      username: p.username,
      name: p.name,
      email: email(p.username),
      passwordHash: hashOf(p.username),
      demo: true,
    };
  }
}

/**
 * The demo meeting goes through the same import as a clerk's: drafts with a lead unit are handed out and
 * 区水务局 has signed for its task, so every role has something to look at; the rest wait for review.
 */
async function seedDemoMeeting(db: Db, officeId: number, now: Date) {
  const office = (await loadActor(db, officeId))!;
  const { meetingId, duplicate } = await importMeeting(
    db,
    office,
    {
      title: demoMeeting.title,
      kind: demoMeeting.kind,
      heldOn: demoMeeting.heldOn,
      chair: demoMeeting.chair,
      text: demoMeeting.text,
    },
    now,
  );
  if (duplicate) return;
  const drafts = await listMeetingDrafts(db, meetingId);
  const ready = drafts.filter((d) => d.leadUnitId !== null);
  await assignTasks(
    db,
    office,
    ready.map((d) => d.id),
    now,
  );
  const water = ready.find((d) => d.leadUnit?.name === "区水务局");
  const shuiwu = await findUserByUsername(db, "shuiwu");
  if (water && shuiwu) await signTask(db, (await loadActor(db, shuiwu.id))!, water.id, now);
  await discardNoticesOfTasks(
    db,
    ready.map((d) => d.id),
  );
}
