import type { Db } from "../../db/open-database.ts";
import { type Actor, requireRole } from "../../shared/actor.ts";
import { listUnits } from "./repository.ts";

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
