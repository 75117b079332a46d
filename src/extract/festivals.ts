// Public festivals a deadline can be anchored on ("春节前", "国庆节前"). Their dates are fixed by law or by the lunar
// calendar, so unlike named periods they are not office settings.
import chineseDays from "chinese-days";
import { calendarDate } from "../shared/calendar-date.ts";

export type Festival = { names: string[]; firstDay: (year: number) => string };

// The package is CommonJS, so only its default export is visible from ESM.
// chinese-days reads dates with local-time getters; a Date built from local fields reads back the same day in any
// zone, whereas a "YYYY-MM-DD" string is parsed as UTC and can come back as the day before.
function lunarToSolar(year: number, month: number, day: number): string {
  return chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

// 清明 is the solar term 5° after the spring equinox: the usual closed form for 1901–2099.
function qingming(year: number): string {
  const y = year % 100;
  const c = year >= 2000 ? 4.81 : 5.59;
  return calendarDate(year, 4, Math.floor(y * 0.2422 + c) - Math.floor(y / 4));
}

export const festivals: Festival[] = [
  { names: ["元旦"], firstDay: (year) => calendarDate(year, 1, 1) },
  { names: ["春节"], firstDay: (year) => lunarToSolar(year, 1, 1) },
  { names: ["元宵节", "元宵"], firstDay: (year) => lunarToSolar(year, 1, 15) },
  { names: ["清明节", "清明"], firstDay: qingming },
  { names: ["劳动节", "五一"], firstDay: (year) => calendarDate(year, 5, 1) },
  { names: ["端午节", "端午"], firstDay: (year) => lunarToSolar(year, 5, 5) },
  { names: ["中秋节", "中秋"], firstDay: (year) => lunarToSolar(year, 8, 15) },
  { names: ["国庆节", "国庆"], firstDay: (year) => calendarDate(year, 10, 1) },
];
