// Chinese for users: zod's messages and how instants read ("2021年6月1日 08:30"); calendar days are in
// calendar-date.ts. Imported once by every entry point.
import { z } from "zod";

z.config(z.locales.zhCN());

const shanghaiParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function parts(instant: Date) {
  const p = Object.fromEntries(shanghaiParts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), hh: p.hour, mm: p.minute };
}

/** An instant in Shanghai time as "2021年6月1日 08:30". */
export function formatDateTime(instant: Date | null | undefined): string {
  if (!instant) return "";
  const { y, m, d, hh, mm } = parts(instant);
  return `${y}年${m}月${d}日 ${hh}:${mm}`;
}

/** Shanghai's wall-clock time for an instant, as HH:MM. */
export function shanghaiTime(instant: Date): string {
  const { hh, mm } = parts(instant);
  return `${hh}:${mm}`;
}
