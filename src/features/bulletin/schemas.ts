import { z } from "zod";
import { calendarDate, optional } from "../../shared/form-fields.ts";

export const bulletinQuerySchema = z
  .object({
    from: optional(calendarDate),
    to: optional(calendarDate),
    /** 期号: printed as 第X期 when given. */
    issue: optional(z.coerce.number().int().min(1, "期号有误").max(9999, "期号有误")),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "开始日期不能晚于结束日期", path: ["to"] });
export type BulletinQuery = z.output<typeof bulletinQuerySchema>;
