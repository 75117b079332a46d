import { z } from "zod";

export const tokenNameSchema = z.object({
  name: z.string().trim().min(1, "请填写令牌名称，例如用在哪个系统").max(100, "令牌名称不能超过 100 字"),
});
