import { z } from "zod";
import { roles } from "../../shared/actor.ts";
import { dbId, idList, optional } from "../../shared/form-fields.ts";
import { passwordRule } from "../auth/schemas.ts";

export const newUserSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.-]{2,31}$/, "用户名须为 3 到 32 位小写字母、数字或 . _ -，以字母开头"),
  name: z.string().trim().min(1, "请填写姓名").max(40, "姓名过长"),
  email: optional(z.email("邮箱格式不正确").max(200, "邮箱过长")),
  role: z.enum(roles, "请选择角色"),
  unitId: optional(dbId("单位选择有误")),
  leaderUnitIds: idList("分管单位选择有误"),
  password: passwordRule,
});

export type NewUser = z.output<typeof newUserSchema>;
