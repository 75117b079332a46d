// The dashboard's charts as SVG strings, drawn on the server: the CSP allows no inline script, the page prints,
// and a phone gets a chart drawn for its width (CSS shows one of the two) instead of a desktop one shrunk
// until its Chinese labels cannot be read. Each bar and slice is wrapped in a link to its ledger rows.
import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { LRUCache } from "lru-cache";
import { lightNames } from "../tasks/light.ts";
import type { Dashboard } from "./service.ts";

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

const font = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const colors = { opened: "#1a56a0", ontime: "#2e7d32", late: "#b7791f", open: "#8a96a3" };
const lightColors = { red: "#c62828", yellow: "#b7791f", green: "#2e7d32" } as const;
const ink = "#1f2933";
const muted = "#66727f";

type Link = { href: string; title: string };
type Size = { width: number; height: number };
export type ChartPair = { wide: string; narrow: string };

const xmlEntities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => xmlEntities[c]!);
}

/**
 * Renders an option and wraps every data element (bar, slice) in <a>, using the series and data index echarts
 * writes on it in SSR mode.
 */
function render(option: object, size: Size, linkOf: (series: number, index: number) => Link | undefined) {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, ...size });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: font, color: ink }, ...option });
    const svg = chart.renderToSVGString();
    return svg.replace(
      /<path\b[^>]*\becmeta_series_index="(\d+)"[^>]*\becmeta_data_index="(\d+)"[^>]*\becmeta_ssr_type="chart"[^>]*><\/path>/g,
      (element, series: string, index: string) => {
        const link = linkOf(Number(series), Number(index));
        if (!link) return element;
        return `<a href="${escapeXml(link.href)}"><title>${escapeXml(link.title)}</title>${element}</a>`;
      },
    );
  } finally {
    chart.dispose();
  }
}

// echarts spends 5–8 ms laying out each chart (setOption), some 50 ms for the page's six, more than the rest of
// an uncached dashboard's drawing. A chart is a pure function of the figures, links and titles it is given, so
// its SVG is kept under exactly that input: after a write, only the charts whose numbers moved are drawn again
// (a 签收 or a report moves the lights, rarely the weeks or the meetings). Nothing person- or role-specific
// reaches a chart except through its input, which is the key.
const drawn = new LRUCache<string, ChartPair>({ max: 300 });

function memoised<T>(kind: string, draw: (input: T) => ChartPair): (input: T) => ChartPair {
  return (input) => {
    const key = `${kind}\u0000${JSON.stringify(input)}`;
    let pair = drawn.get(key);
    if (!pair) {
      pair = draw(input);
      drawn.set(key, pair);
    }
    return pair;
  };
}

const valueLabel = {
  show: true,
  fontSize: 12,
  color: ink,
  formatter: (p: { value: number }) => (p.value ? String(p.value) : ""),
};

function shortDate(day: Date): string {
  return `${day.getUTCMonth() + 1}月${day.getUTCDate()}日`;
}

/** Opened and closed per week, for the last weeks. */
export const trendChart = memoised("trend", (trend: Dashboard["trend"]): ChartPair => {
  const draw = (size: Size, narrow: boolean) =>
    render(
      {
        grid: { left: narrow ? 30 : 40, right: 12, top: 36, bottom: narrow ? 50 : 36 },
        legend: { top: 0, textStyle: { fontSize: 13 }, itemWidth: 14 },
        xAxis: {
          type: "category",
          data: trend.map((w) => shortDate(w.monday)),
          axisLabel: { fontSize: 12, color: muted, interval: narrow ? 1 : 0, rotate: narrow ? 40 : 0 },
        },
        yAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: 12, color: muted } },
        series: [
          {
            name: "交办",
            type: "bar",
            data: trend.map((w) => w.opened.n),
            itemStyle: { color: colors.opened },
            label: { ...valueLabel, position: "top", fontSize: narrow ? 10 : 12 },
          },
          {
            name: "办结",
            type: "bar",
            data: trend.map((w) => w.closed.n),
            itemStyle: { color: colors.ontime },
            label: { ...valueLabel, position: "top", fontSize: narrow ? 10 : 12 },
          },
        ],
      },
      size,
      (series, i) => {
        const week = trend[i];
        if (!week) return undefined;
        const figure = series === 0 ? week.opened : week.closed;
        const verb = series === 0 ? "交办" : "办结";
        return { href: figure.href, title: `${shortDate(week.monday)}当周${verb} ${figure.n} 项` };
      },
    );
  return { wide: draw({ width: 1040, height: 300 }, false), narrow: draw({ width: 360, height: 260 }, true) };
});

const lightLabels = lightNames;

/** The open tasks by light, as a ring. */
export const lightChart = memoised("lights", (lights: Dashboard["summary"]["lights"]): ChartPair => {
  const order = ["red", "yellow", "green"] as const;
  const draw = (size: Size, narrow: boolean) =>
    render(
      {
        series: [
          {
            type: "pie",
            radius: narrow ? ["38%", "66%"] : ["42%", "72%"],
            center: ["50%", "50%"],
            avoidLabelOverlap: true,
            label: { fontSize: 13, color: ink, formatter: "{b}\n{c} 项" },
            data: order.map((l) => ({
              name: lightLabels[l],
              value: lights[l].n,
              itemStyle: { color: lightColors[l] },
            })),
          },
        ],
      },
      size,
      (_series, i) => {
        const light = order[i];
        if (!light) return undefined;
        return { href: lights[light].href, title: `${lightLabels[light]} ${lights[light].n} 项` };
      },
    );
  return { wide: draw({ width: 500, height: 260 }, false), narrow: draw({ width: 360, height: 240 }, true) };
});

export const meetingChartLimit = 8;

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** The most recent meetings, each a stacked bar of on time, late and open. */
export function meetingChart(meetings: Dashboard["meetings"]): ChartPair {
  // Only the meetings drawn are the key: the table below the chart lists the rest.
  return meetingBars(meetings.slice(0, meetingChartLimit));
}

const meetingBars = memoised("meetings", (rows: Dashboard["meetings"]): ChartPair => {
  // Bars run top to bottom in the order of the table, so the category axis is reversed.
  const parts = [
    { name: "按期办结", key: "ontime", color: colors.ontime },
    { name: "逾期办结", key: "late", color: colors.late },
    { name: "未办结", key: "open", color: colors.open },
  ] as const;
  const draw = (size: Size, narrow: boolean) =>
    render(
      {
        grid: { left: narrow ? 110 : 190, right: 16, top: 32, bottom: 8, containLabel: false },
        legend: { top: 0, textStyle: { fontSize: 13 }, itemWidth: 14 },
        xAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: 12, color: muted } },
        yAxis: {
          type: "category",
          inverse: true,
          data: rows.map((r) => clip(r.meeting.title, narrow ? 8 : 14)),
          axisLabel: { fontSize: 12, color: ink },
        },
        series: parts.map((p) => ({
          name: p.name,
          type: "bar",
          stack: "tasks",
          barMaxWidth: 22,
          itemStyle: { color: p.color },
          label: { ...valueLabel, color: "#fff" },
          data: rows.map((r) => r[p.key].n),
        })),
      },
      size,
      (series, i) => {
        const row = rows[i];
        const part = parts[series];
        if (!row || !part) return undefined;
        return {
          href: row[part.key].href,
          title: `${row.meeting.title}：${part.name} ${row[part.key].n} 项`,
        };
      },
    );
  const height = (perRow: number) => 50 + Math.max(rows.length, 1) * perRow;
  return {
    wide: draw({ width: 500, height: height(34) }, false),
    narrow: draw({ width: 360, height: height(32) }, true),
  };
});
