// Who is acting, and the one place each role rule is checked. Services call these; routes never decide.
import { ForbiddenError } from "./errors.ts";

export const roles = ["office", "unit", "leader"] as const;
export type Role = (typeof roles)[number];

export const roleNames: Record<Role, string> = {
  office: "督查室",
  unit: "责任单位",
  leader: "领导",
};

export type Actor = {
  id: number;
  username: string;
  name: string;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  /** For leaders: the units they are in charge of (分管); empty for others. */
  leaderUnitIds: number[];
};

export function requireRole(actor: Actor, ...allowed: Role[]): void {
  if (!allowed.includes(actor.role)) {
    throw new ForbiddenError(`此功能仅限${allowed.map((r) => roleNames[r]).join("或")}使用`);
  }
}
