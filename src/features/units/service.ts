import type { Db, Tx } from "../../db/open-database.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { createUnit, findUnitByExactName, listUnits } from "./repository.ts";

export const unitKindNames = {
  bureau: "部门",
  street: "街道",
  town: "镇乡",
  company: "企业",
  body: "机构专班",
  other: "其他",
} as const;

export type UnitKind = keyof typeof unitKindNames;

/** The unit directory, for the office that keeps it. */
export async function listDirectory(db: Db, actor: Actor) {
  requireRole(actor, "office");
  return listUnits(db);
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
