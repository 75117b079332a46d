// What every JSON API answer shares, whichever feature gives it: the error body, and dates as strings.

import { z } from "zod";
import { fromDbDate } from "./calendar-date.ts";

export const daySchema = z.string().describe("日期，YYYY-MM-DD");
export const instantSchema = z.string().describe("时间点，ISO 8601（UTC）");
export const refSchema = z.object({
  id: z.number().int().describe("编号"),
  name: z.string().describe("名称"),
});

export const errorSchema = z
  .object({
    error: z.string().describe("错误类别，如“没有权限”"),
    message: z.string().describe("给人看的说明"),
    fields: z.record(z.string(), z.string()).optional().describe("填写有误时：字段名 → 错误说明"),
  })
  .describe("错误");

export const errorResponses = {
  401: errorSchema.describe("缺少令牌、令牌无效或已吊销，或账号已停用"),
  403: errorSchema.describe("当前账号的角色或单位无权进行此操作"),
  422: errorSchema.describe("参数或内容不符合要求"),
};

export function isoDay(date: Date): string;
export function isoDay(date: Date | null): string | null;
export function isoDay(date: Date | null): string | null {
  return date ? fromDbDate(date) : null;
}

export function isoInstant(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
