import { isUniqueViolation } from "../../db/errors.ts";
import type { Db, Tx } from "../../db/open-database.ts";
import { normaliseText } from "../../extract/normalise.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../../shared/errors.ts";
import {
  countOpenTasksOf,
  countTasksOf,
  countUsersOf,
  createUnit,
  findUnitByExactName,
  findUnitById,
  listUnitNames,
  listUnits,
  lockUnits,
  moveUnitRows,
  updateUnit,
} from "./repository.ts";
import type { UnitInput, UnitPatch } from "./schemas.ts";

export const unitKindNames = {
  bureau: "部门",
  street: "街道",
  town: "镇乡",
  company: "企业",
  body: "机构专班",
  other: "其他",
} as const;

export type UnitKind = keyof typeof unitKindNames;

/** Only the office keeps the directory; routes ask before they read a form, so others get 403, not its errors. */
export function requireDirectoryKeeper(actor: Actor) {
  requireRole(actor, "office");
}

/**
 * The unit directory, for the office that keeps it: units in use, then the inactive ones with their open tasks
 * (which stay where they are and are flagged "责任单位已停用"). `q` matches any of a unit's names.
 */
export async function listDirectory(db: Db, actor: Actor, q?: string) {
  requireDirectoryKeeper(actor);
  const key = q ? unitNameKey(q) : "";
  const all = await listUnits(db);
  const units = all.filter(
    (u) => !key || [u.name, u.shortName, ...u.aliases].some((n) => n && unitNameKey(n).includes(key)),
  );
  const inactive = units.filter((u) => !u.active);
  const openTasks = await countOpenTasksOf(
    db,
    inactive.map((u) => u.id),
  );
  const names = new Map(all.map((u) => [u.id, u.name]));
  return {
    active: units.filter((u) => u.active),
    inactive: inactive.map((u) => ({
      ...u,
      openTasks: openTasks.get(u.id) ?? 0,
      mergedIntoName: u.mergedIntoId ? (names.get(u.mergedIntoId) ?? null) : null,
    })),
  };
}

/** One unit with what its page says about it: tasks of every state, open ones, accounts. */
export async function getDirectoryUnit(db: Db, actor: Actor, id: number) {
  requireDirectoryKeeper(actor);
  const unit = await findUnitById(db, id);
  if (!unit) throw new NotFoundError("单位不存在");
  const [tasks, openTasks, users] = await Promise.all([
    countTasksOf(db, id),
    countOpenTasksOf(db, [id]).then((m) => m.get(id) ?? 0),
    countUsersOf(db, id),
  ]);
  return { unit, tasks, openTasks, users };
}

/**
 * A unit name as the extractor compares it: the canonical text of src/extract/normalise.ts (full-width letters
 * and digits to ASCII, ASCII punctuation to Chinese, no spaces between Chinese characters). Names are stored in
 * this form, so a name the office types matches the record text it will be found in.
 */
export function unitNameKey(name: string): string {
  return normaliseText(name).text.trim();
}

/** The input's names in canonical form; aliases repeating the name, the short name or each other are dropped. */
function canonicalNames<T extends Partial<UnitInput>>(input: T): T {
  const out = { ...input };
  if (input.name !== undefined) out.name = unitNameKey(input.name);
  if (input.shortName !== undefined) out.shortName = input.shortName ? unitNameKey(input.shortName) : null;
  if (input.aliases !== undefined) out.aliases = [...new Set(input.aliases.map(unitNameKey))];
  return out;
}

const nameWords = { name: "全称", shortName: "简称", aliases: "别名" } as const;

/**
 * Refuses a name (全称, 简称 or 别名) that is already one of another unit's, after normalising: two units under
 * one name would make the extractor's match depend on which came last. A unit merged into this one lends it
 * its old names, so only its exact full name (the table's unique key) still counts.
 */
async function checkNamesFree(
  tx: Tx,
  selfId: number | null,
  names: Pick<UnitInput, "name" | "shortName" | "aliases">,
) {
  const wanted: { field: keyof typeof nameWords; value: string }[] = [
    { field: "name", value: names.name },
    ...(names.shortName ? [{ field: "shortName" as const, value: names.shortName }] : []),
    ...names.aliases.map((value) => ({ field: "aliases" as const, value })),
  ];
  for (const unit of await listUnitNames(tx)) {
    if (unit.id === selfId) continue;
    const own =
      unit.mergedIntoId === null
        ? ([
            ["name", unit.name],
            ["shortName", unit.shortName],
            ...unit.aliases.map((a) => ["aliases", a] as const),
          ] as const)
        : ([["name", unit.name]] as const);
    for (const [kind, other] of own) {
      if (!other) continue;
      const clash = wanted.find((w) =>
        unit.mergedIntoId === selfId && selfId !== null ? w.value === other : unitNameKey(other) === w.value,
      );
      if (!clash) continue;
      const whose =
        unit.mergedIntoId === null
          ? `单位“${unit.name}”的${nameWords[kind]}`
          : `已合并的原单位“${unit.name}”的名称`;
      throw new InvalidInputError(`“${clash.value}”已是${whose}，单位名称不能重复`, clash.field);
    }
  }
  if (names.shortName && names.shortName === names.name) {
    throw new InvalidInputError("简称与全称相同，不填即可", "shortName");
  }
}

function withoutOwnNames(aliases: string[], name: string, shortName: string | null) {
  return aliases.filter((a) => a !== name && a !== shortName);
}

/** A name taken by a concurrent write the lock did not cover (a unit added from a draft) is the same refusal. */
async function refusingTakenName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new InvalidInputError(`单位“${name}”已存在，单位名称不能重复`, "name");
    throw error;
  }
}

/** Adds a unit to the directory (the office's form or the API). */
export async function addUnit(db: Db, actor: Actor, input: Partial<UnitInput> & { name: string }) {
  requireDirectoryKeeper(actor);
  const clean = canonicalNames(input);
  const data = {
    name: clean.name,
    shortName: clean.shortName ?? null,
    aliases: withoutOwnNames(clean.aliases ?? [], clean.name, clean.shortName ?? null),
    kind: clean.kind ?? unitKindOf(clean.name),
    emails: [...new Set(clean.emails ?? [])],
    duties: [...new Set(clean.duties ?? [])],
  };
  return refusingTakenName(data.name, () =>
    db.$transaction(async (tx) => {
      await lockUnits(tx);
      await checkNamesFree(tx, null, data);
      return createUnit(tx, data);
    }),
  );
}

/**
 * Changes a unit's fields (absent ones stay as they are). `active: false` takes it out of matching, suggestions
 * and pickers; its tasks stay and are flagged. A unit merged into another cannot come back: its names are now
 * the other's aliases.
 */
export async function editUnit(db: Db, actor: Actor, id: number, patch: UnitPatch) {
  requireDirectoryKeeper(actor);
  const clean = canonicalNames(patch);
  return refusingTakenName(clean.name ?? "", () =>
    db.$transaction(async (tx) => {
      await lockUnits(tx);
      const unit = await findUnitById(tx, id);
      if (!unit) throw new NotFoundError("单位不存在");
      if (clean.active && unit.mergedInto) {
        throw new ConflictError(`该单位已并入“${unit.mergedInto.name}”，不能再启用`);
      }
      const name = clean.name ?? unit.name;
      const shortName = clean.shortName !== undefined ? clean.shortName : unit.shortName;
      const aliases = withoutOwnNames(clean.aliases ?? unit.aliases, name, shortName);
      await checkNamesFree(tx, id, { name, shortName, aliases });
      return updateUnit(tx, id, {
        name,
        shortName,
        aliases,
        ...(clean.kind !== undefined ? { kind: clean.kind } : {}),
        ...(clean.emails !== undefined ? { emails: [...new Set(clean.emails)] } : {}),
        ...(clean.duties !== undefined ? { duties: [...new Set(clean.duties)] } : {}),
        ...(clean.active !== undefined ? { active: clean.active } : {}),
      });
    }),
  );
}

/** The units a duplicate may be merged into: in use, not itself. */
export async function listMergeTargets(db: Db, actor: Actor, id: number) {
  requireDirectoryKeeper(actor);
  return (await listUnits(db, { active: true })).filter((u) => u.id !== id);
}

type NamedUnit = { id: number; name: string };

/**
 * Moves every task row from one unit to another inside the caller's transaction and records it in each task's
 * history; returns how many tasks moved. The tasks feature provides it (app.ts hands it to the routes): task
 * rows are written only there, and tasks already depends on this feature.
 */
export type MoveUnitTasks = (tx: Tx, actor: Actor, from: NamedUnit, into: NamedUnit) => Promise<number>;

/**
 * Merges a duplicate into another unit in one transaction: its tasks (lead and co-unit), accounts, leaders'
 * 分管 rows and the unit named on its reports move, its names become the target's aliases, and it stays in the
 * directory, inactive, so old history still reads as it did.
 */
export async function mergeUnits(
  db: Db,
  actor: Actor,
  fromId: number,
  intoId: number,
  moveTasks: MoveUnitTasks,
) {
  requireDirectoryKeeper(actor);
  if (fromId === intoId) throw new InvalidInputError("不能并入单位自身，请选择另一个单位", "intoId");
  return db.$transaction(async (tx) => {
    await lockUnits(tx);
    const from = await findUnitById(tx, fromId);
    if (!from) throw new NotFoundError("单位不存在");
    if (from.mergedInto) throw new ConflictError(`该单位已并入“${from.mergedInto.name}”`);
    const into = await findUnitById(tx, intoId);
    if (!into || into.mergedInto || !into.active) {
      throw new InvalidInputError("要并入的单位不存在或已停用，请选择一个在用的单位", "intoId");
    }
    const tasks = await moveTasks(tx, actor, from, into);
    const moved = await moveUnitRows(tx, from.id, into.id);
    const aliases = withoutOwnNames(
      [
        ...new Set([
          ...into.aliases,
          from.name,
          ...(from.shortName ? [from.shortName] : []),
          ...from.aliases,
        ]),
      ],
      into.name,
      into.shortName,
    );
    await updateUnit(tx, into.id, { aliases });
    await updateUnit(tx, from.id, { active: false, mergedInto: { connect: { id: into.id } } });
    return { from: from.name, into: into.name, tasks, ...moved };
  });
}

/** What kind of body a name is, from how Chinese unit names end (街道办事处, 镇人民政府, 集团, 专班, 局). */
export function unitKindOf(name: string) {
  if (/街道(办事处)?$/.test(name)) return "street" as const;
  if (/[镇乡](人民政府)?$/.test(name)) return "town" as const;
  if (/(公司|集团)$/.test(name)) return "company" as const;
  if (/(中心|专班|管委会|指挥部|领导小组)$/.test(name)) return "body" as const;
  if (/(局|委|办|室|厅)$/.test(name)) return "bureau" as const;
  return "other" as const;
}

/**
 * The unit of exactly this name, added to the directory first if it is not there: the office putting a name the
 * extractor found on a draft. Inside the caller's transaction.
 */
export async function findOrCreateUnit(tx: Tx, actor: Actor, name: string) {
  requireRole(actor, "office");
  return (await findUnitByExactName(tx, name)) ?? (await createUnit(tx, { name, kind: unitKindOf(name) }));
}

/**
 * Every unit's name and kind, for any signed-in role: API clients need the ids to filter tasks by, and the
 * names are public. Contact emails stay in the office's directory.
 */
export async function listUnitsForAnyone(db: Db, _actor: Actor) {
  const units = await listUnits(db);
  return units.map(({ id, name, shortName, aliases, kind, active }) => ({
    id,
    name,
    shortName,
    aliases,
    kind,
    active,
  }));
}

/** The units a form may offer (the users page's unit picker). */
export function listActiveUnits(db: Db) {
  return listUnits(db, { active: true });
}

/** Active units with their duty keywords, for suggesting a lead unit (src/extract/suggest-units.ts). */
export function listUnitDuties(db: Tx) {
  return listUnits(db, { active: true });
}
