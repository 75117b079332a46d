import type { Actor, Role } from "../shared/actor.ts";

export type NavItem = { href: string; label: string };

// Each role sees only the pages it may open; the pages check again in their services.
const navByRole: Record<Role, NavItem[]> = {
  office: [
    { href: "/", label: "工作台" },
    { href: "/meetings/import", label: "导入纪要" },
    { href: "/tasks/new", label: "新建事项" },
    { href: "/tasks", label: "督办台账" },
    { href: "/dashboard", label: "统计分析" },
    { href: "/meetings", label: "会议" },
    { href: "/units", label: "单位名录" },
    { href: "/users", label: "账号管理" },
    { href: "/outbox", label: "邮件" },
    { href: "/settings/reminders", label: "提醒设置" },
    { href: "/settings/calendar", label: "日历设置" },
    { href: "/settings/periods", label: "时间节点" },
  ],
  unit: [{ href: "/", label: "本单位事项" }],
  leader: [
    { href: "/", label: "督办总览" },
    { href: "/dashboard", label: "统计分析" },
    { href: "/tasks", label: "督办台账" },
  ],
};

export function navigationFor(actor: Actor | null): NavItem[] {
  return actor ? navByRole[actor.role] : [];
}
