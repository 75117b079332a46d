// Chinese for users: zod's messages and how dates read ("2021年6月1日"). Imported once by every entry point.
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

/** A calendar date (a @db.Date value, stored as UTC midnight) as "2021年6月1日". */
export function formatDate(date: Date | string | null | undefined): string {
  if (!date) return "";
  if (typeof date === "string") {
    const [y, m, d] = date.split("-").map(Number);
    return `${y}年${m}月${d}日`;
  }
  return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;
}

/** An instant in Shanghai time as "2021年6月1日 08:30". */
export function formatDateTime(instant: Date | null | undefined): string {
  if (!instant) return "";
  const { y, m, d, hh, mm } = parts(instant);
  return `${y}年${m}月${d}日 ${hh}:${mm}`;
}

/** Shanghai's calendar date for an instant, as YYYY-MM-DD. */
export function shanghaiDate(instant: Date): string {
  const { y, m, d } = parts(instant);
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Shanghai's wall-clock time for an instant, as HH:MM. */
export function shanghaiTime(instant: Date): string {
  const { hh, mm } = parts(instant);
  return `${hh}:${mm}`;
}
