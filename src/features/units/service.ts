import type { Db } from "../../db/open-database.ts";
import { type Actor, requireRole } from "../auth/permissions.ts";
import { listUnits } from "./repository.ts";

export const unitKindNames = {
  bureau: "部门",
  street: "街道",
  town: "镇乡",
  company: "企业",
  body: "机构专班",
  other: "其他",
} as const;

/** The unit directory, for the office that keeps it. */
export async function listDirectory(db: Db, actor: Actor) {
  requireRole(actor, "office");
  return listUnits(db);
}
