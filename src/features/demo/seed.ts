// Demo data: on first start of an empty embedded database, and from `duban seed`.
import { createHash } from "node:crypto";
import type { Db } from "../../db/open-database.ts";
import { ConflictError } from "../../errors.ts";
import { hashPassword } from "../auth/passwords.ts";
import { demoMeeting, demoPassword, demoPeople, demoUnits, deputyUnits } from "./district.ts";
import { countUsers } from "./repository.ts";

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

/** Writes the demo district in one transaction: all of it or nothing. */
export async function seedDemo(db: Db): Promise<void> {
  // Hash before the transaction: argon2 is slow on purpose and PGlite serialises everything inside one.
  const names = [demoPeople.office, demoPeople.leader, demoPeople.deputy, ...demoUnits].map(
    (u) => u.username,
  );
  const hashes = new Map(
    await Promise.all(names.map(async (n) => [n, await hashPassword(demoPassword)] as const)),
  );

  await db.$transaction(async (tx) => {
    const taken = await tx.user.findMany({ where: { username: { in: names } }, select: { username: true } });
    if (taken.length > 0) {
      throw new ConflictError(`演示账号已存在（${taken.map((u) => u.username).join("、")}），未重复写入`);
    }
    const unitIds = new Map<string, number>();
    for (const u of demoUnits) {
      const unit = await tx.unit.upsert({
        where: { name: u.name },
        update: {},
        create: {
          name: u.name,
          shortName: u.shortName ?? null,
          aliases: u.aliases,
          kind: u.kind,
          emails: [`${u.username}@duban.example`],
        },
      });
      unitIds.set(u.name, unit.id);
      await tx.user.create({
        data: {
          username: u.username,
          name: u.contact,
          email: `${u.username}@duban.example`,
          role: "unit",
          unitId: unit.id,
          passwordHash: hashes.get(u.username)!,
          demo: true,
        },
      });
    }
    const office = await tx.user.create({
      data: {
        username: demoPeople.office.username,
        name: demoPeople.office.name,
        email: "ducha@duban.example",
        role: "office",
        passwordHash: hashes.get(demoPeople.office.username)!,
        demo: true,
      },
    });
    await tx.user.create({
      data: {
        username: demoPeople.leader.username,
        name: demoPeople.leader.name,
        email: "lingdao@duban.example",
        role: "leader",
        passwordHash: hashes.get(demoPeople.leader.username)!,
        demo: true,
      },
    });
    await tx.user.create({
      data: {
        username: demoPeople.deputy.username,
        name: demoPeople.deputy.name,
        email: "fuquzhang@duban.example",
        role: "leader",
        passwordHash: hashes.get(demoPeople.deputy.username)!,
        demo: true,
        leaderUnits: { create: deputyUnits.map((name) => ({ unitId: unitIds.get(name)! })) },
      },
    });
    const text = demoMeeting.text;
    await tx.meeting.upsert({
      where: { contentHash: createHash("sha256").update(text).digest("hex") },
      update: {},
      create: {
        title: demoMeeting.title,
        kind: demoMeeting.kind,
        number: demoMeeting.number,
        heldOn: new Date(`${demoMeeting.heldOn}T00:00:00Z`),
        chair: demoMeeting.chair,
        sourceText: text,
        contentHash: createHash("sha256").update(text).digest("hex"),
        createdById: office.id,
      },
    });
  });
}
