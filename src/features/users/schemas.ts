import { z } from "zod";
import { roles } from "../auth/permissions.ts";
import { passwordRule } from "../auth/schemas.ts";

const optionalId = z.preprocess(
  (v) => (v === "" || v === undefined ? undefined : v),
  z.coerce.number().int().positive().optional(),
);
const idList = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().positive()),
);

export const newUserSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.-]{2,31}$/, "用户名须为 3 到 32 位小写字母、数字或 . _ -，以字母开头"),
  name: z.string().trim().min(1, "请填写姓名").max(40, "姓名过长"),
  email: z.preprocess((v) => (v === "" ? undefined : v), z.email("邮箱格式不正确").optional()),
  role: z.enum(roles, "请选择角色"),
  unitId: optionalId,
  leaderUnitIds: idList,
  password: passwordRule,
});

export type NewUser = z.output<typeof newUserSchema>;
