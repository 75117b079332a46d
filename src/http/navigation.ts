import type { Actor, Role } from "../shared/actor.ts";

export type NavItem = { href: string; label: string };

// The pages a menu can name, each labelled once.
const pages = {
  workbench: { href: "/", label: "工作台" },
  unitHome: { href: "/", label: "本单位事项" },
  leaderHome: { href: "/", label: "督办总览" },
  importRecord: { href: "/meetings/import", label: "导入纪要" },
  newTask: { href: "/tasks/new", label: "新建事项" },
  ledger: { href: "/tasks", label: "督办台账" },
  dashboard: { href: "/dashboard", label: "统计分析" },
  meetings: { href: "/meetings", label: "会议" },
  units: { href: "/units", label: "单位名录" },
  users: { href: "/users", label: "账号管理" },
  outbox: { href: "/outbox", label: "邮件" },
  reminders: { href: "/settings/reminders", label: "提醒设置" },
  calendar: { href: "/settings/calendar", label: "日历设置" },
  periods: { href: "/settings/periods", label: "时间节点" },
} satisfies Record<string, NavItem>;

// Each role sees only the pages it may open; the pages check again in their services.
const navByRole: Record<Role, NavItem[]> = {
  office: [
    pages.workbench,
    pages.importRecord,
    pages.newTask,
    pages.ledger,
    pages.dashboard,
    pages.meetings,
    pages.units,
    pages.users,
    pages.outbox,
    pages.reminders,
    pages.calendar,
    pages.periods,
  ],
  unit: [pages.unitHome],
  leader: [pages.leaderHome, pages.dashboard, pages.ledger],
};

export function navigationFor(actor: Actor | null): NavItem[] {
  return actor ? navByRole[actor.role] : [];
}
