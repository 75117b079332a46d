import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 年-月-日");
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v: unknown) => (v === "" ? undefined : v), schema.optional());

export const bulletinQuerySchema = z
  .object({
    from: optional(isoDate),
    to: optional(isoDate),
    /** 期号: printed as 第X期 when given. */
    issue: optional(z.coerce.number().int().min(1, "期号有误").max(9999, "期号有误")),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "开始日期不能晚于结束日期", path: ["to"] });
export type BulletinQuery = z.output<typeof bulletinQuerySchema>;
