// What the dashboard template (templates/dashboard/show.eta) needs beyond the figures themselves: the bulletin
// link for the same period, which scope tab is current, and each trend week as it reads. Pure, and cheap next to
// the figures: the body it feeds is cached per key (src/features/dashboard/routes.ts).
import { formatDate } from "../../shared/calendar-date.ts";
import { fewClosedNote, rankingRule } from "./ranking.ts";

export type DashboardViewInput = {
  query: { from?: string; to?: string; unitId?: number };
  scope: { current: string };
  trend: { monday: Date; sunday: Date }[];
};

export function dashboardView<T extends DashboardViewInput>(data: T) {
  const period = new URLSearchParams(
    Object.entries({ from: data.query.from, to: data.query.to }).filter((entry): entry is [string, string] =>
      Boolean(entry[1]),
    ),
  );
  // A unit picked in the filter is narrower than either tab, so neither is current then.
  const tab = data.query.unitId ? null : data.scope.current;
  const { trend, ...rest } = data;
  return {
    ...(rest as Omit<T, "trend">),
    bulletinHref: period.size ? `/bulletin?${period}` : "/bulletin",
    scopeTabs: { mine: tab === "mine", all: tab === "all" },
    rankingRule,
    fewClosedNote,
    trend: trend.map((w) => ({
      ...w,
      label: `${formatDate(w.monday)}至${w.sunday.getUTCMonth() + 1}月${w.sunday.getUTCDate()}日`,
    })),
  };
}
