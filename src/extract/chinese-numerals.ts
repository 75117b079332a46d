// Numbers as meeting records write them: 3, 十五, 两, 二十一, 一百二十. Enough for day counts and list labels.

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

export const CHINESE_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千";

/** Arabic or Chinese numerals to a number; NaN when the string is not a number. */
export function parseNumeral(value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === "") return Number.NaN;
  let total = 0;
  let digit = 0;
  for (const c of value) {
    const d = DIGITS[c];
    const unit = UNITS[c];
    if (d !== undefined) digit = d;
    else if (unit !== undefined) {
      // "十五" has no digit before 十: it means one ten.
      total += (digit === 0 ? 1 : digit) * unit;
      digit = 0;
    } else return Number.NaN;
  }
  return total + digit;
}
