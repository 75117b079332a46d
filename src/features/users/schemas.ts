import { z } from "zod";
import { roles } from "../../shared/actor.ts";
import { dbId, idList, optional } from "../../shared/form-fields.ts";
import { passwordRule } from "../auth/schemas.ts";

const username = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, "用户名须为 3 到 32 位小写字母、数字或 . _ -，以字母开头");
const name = z.string().trim().min(1, "请填写姓名").max(40, "姓名过长");
const email = z.email("邮箱格式不正确").max(200, "邮箱过长");
const role = z.enum(roles, "请选择角色");
const maxLeaderUnits = 200;

export const newUserSchema = z.object({
  username,
  name,
  email: optional(email),
  role,
  unitId: optional(dbId("单位选择有误")),
  leaderUnitIds: idList("分管单位选择有误", maxLeaderUnits),
  password: passwordRule,
});

export type NewUser = z.output<typeof newUserSchema>;

/** The account form (/users/:id/edit). A blank email clears it; a blank unit is no unit. */
export const editUserSchema = z.object({
  name,
  email: z.preprocess((v) => (v === "" || v === undefined ? null : v), email.nullable()),
  role,
  unitId: z.preprocess((v) => (v === "" || v === undefined ? null : v), dbId("单位选择有误").nullable()),
  leaderUnitIds: idList("分管单位选择有误", maxLeaderUnits),
});

/** What may change on an account; absent fields stay as they are. */
export type AccountPatch = {
  name?: string;
  email?: string | null;
  role?: (typeof roles)[number];
  unitId?: number | null;
  leaderUnitIds?: number[];
  active?: boolean;
};

export const activeBody = z.object({ active: z.enum(["true", "false"], "请选择启用或停用") });

export const userListQuery = z.object({ q: optional(z.string().trim().max(40, "关键词过长")) });

// The API's bodies, every field described for the OpenAPI document.
const roleField = z.enum(roles, "请选择角色").describe("角色：office 督查室，unit 责任单位，leader 领导");
const unitIdField = dbId("单位选择有误").describe("所属单位编号（责任单位账号必填，其他角色忽略）");
const leaderUnitsField = z
  .array(dbId("分管单位选择有误"))
  .max(maxLeaderUnits, `分管单位最多 ${maxLeaderUnits} 个`)
  .describe("分管单位编号（仅领导账号；领导的统计分析默认只看这些单位）");

export const userCreateBody = z.object({
  username: username.describe("用户名：3 到 32 位小写字母、数字或 . _ -，以字母开头；创建后不能修改"),
  name: name.describe("姓名"),
  email: email.nullable().optional().describe("邮箱，接收提醒和催办"),
  role: roleField,
  unitId: unitIdField.nullable().optional(),
  leaderUnitIds: leaderUnitsField.optional(),
  password: passwordRule.describe("初始密码：至少 8 个字符，同时包含字母（或汉字）和数字"),
});

export const userPatchBody = z.object({
  name: name.optional().describe("姓名"),
  email: email.nullable().optional().describe("邮箱；null 表示清除"),
  role: roleField.optional(),
  unitId: unitIdField.nullable().optional(),
  leaderUnitIds: leaderUnitsField.optional().describe("分管单位编号，整体替换（仅领导账号）"),
  active: z
    .boolean()
    .optional()
    .describe("false 停用：立即退出登录、吊销其 API 令牌；true 重新启用。最后一个可用的督查室账号不能停用"),
});
