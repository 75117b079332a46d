// The unit form and the /api body share their limits: a name, a short name, aliases, contact emails and duty
// keywords, each bounded, so a pasted list cannot grow the directory (or every draft's matching) without end.
import { z } from "zod";
import { optional, requiredText, text } from "../../shared/form-fields.ts";

export const unitKinds = ["bureau", "street", "town", "company", "body", "other"] as const;

const limits = { name: 60, shortName: 30, aliases: 20, emails: 10, duties: 60, duty: 20 } as const;

// A name is one line: the extractor matches it inside a sentence.
const oneLine = (schema: z.ZodString, label: string) =>
  schema.refine((v) => !/[\r\n]/.test(v), `${label}只能写一行`);

const name = oneLine(requiredText("单位全称", limits.name), "单位全称");
const shortName = oneLine(text("简称", limits.shortName), "简称");
const alias = oneLine(requiredText("别名", limits.name), "别名");
const email = z.email("邮箱格式不正确").max(200, "邮箱过长");
const duty = requiredText("职责关键词", limits.duty)
  .min(2, "职责关键词至少 2 个字")
  .refine((v) => !/[\r\n]/.test(v), "每个职责关键词只能写一行");

const aliasList = z.array(alias).max(limits.aliases, `别名最多 ${limits.aliases} 个`);
const emailList = z.array(email).max(limits.emails, `联系邮箱最多 ${limits.emails} 个`);
const dutyList = z.array(duty).max(limits.duties, `职责关键词最多 ${limits.duties} 个`);

/** A textarea read as one entry per line; blank lines are skipped. Bounded before it is split. */
const lines = <T extends z.ZodType<unknown, string[]>>(list: T, label: string) =>
  z
    .string()
    .max(10_000, `${label}内容过长`)
    .default("")
    .transform((v) =>
      v
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .pipe(list);

/** The unit form (/units/new, /units/:id/edit): lists are textareas, one per line. */
export const unitFormSchema = z.object({
  name,
  // Blank clears the short name (null), where the API leaves an absent field as it is.
  shortName: shortName.default("").transform((v) => v || null),
  aliases: lines(aliasList, "别名"),
  kind: z.enum(unitKinds, "请选择单位类别"),
  emails: lines(emailList, "联系邮箱"),
  duties: lines(dutyList, "职责关键词"),
});

export type UnitInput = {
  name: string;
  shortName: string | null;
  aliases: string[];
  kind: (typeof unitKinds)[number];
  emails: string[];
  duties: string[];
};

export type UnitPatch = Partial<UnitInput> & { active?: boolean };

/** The units list's search box. */
export const unitListQuery = z.object({ q: optional(z.string().trim().max(60, "关键词过长")) });

/** The merge form: the unit the duplicate goes into, and the confirmation box. */
export const mergeFormSchema = z.object({
  intoId: z.coerce.number("请选择要并入的单位").int().positive("请选择要并入的单位"),
  confirm: z.literal("yes", "请勾选确认：合并后不能撤销"),
});

export const activeForm = z.object({ active: z.enum(["true", "false"], "请选择启用或停用") });

// The API's bodies: lists as JSON arrays, every field described for the OpenAPI document.
const apiFields = {
  name: name.describe("单位全称，全角半角、空格按纪要抽取的规则统一后不得与其他单位的全称、简称或别名重复"),
  shortName: oneLine(text("简称", limits.shortName), "简称")
    .nullable()
    .describe("简称，如“区发改局”；null 表示没有"),
  aliases: aliasList.describe(`别名（纪要中的其他叫法），最多 ${limits.aliases} 个`),
  kind: z
    .enum(unitKinds)
    .describe("单位类别：bureau 部门，street 街道，town 镇乡，company 企业，body 机构专班，other 其他"),
  emails: emailList.describe(`联系邮箱，接收催办和提醒，最多 ${limits.emails} 个`),
  duties: dutyList.describe(`职责关键词（三定方案中的职责），用于推荐牵头单位，最多 ${limits.duties} 个`),
};

export const unitCreateBody = z.object({
  name: apiFields.name,
  shortName: apiFields.shortName.optional(),
  aliases: apiFields.aliases.optional(),
  kind: apiFields.kind.optional().describe("单位类别；不填时按名称推断（街道办事处、镇、公司、局……）"),
  emails: apiFields.emails.optional(),
  duties: apiFields.duties.optional(),
});

export const unitPatchBody = z.object({
  name: apiFields.name.optional(),
  shortName: apiFields.shortName.optional(),
  aliases: apiFields.aliases.optional().describe("别名，整体替换"),
  kind: apiFields.kind.optional(),
  emails: apiFields.emails.optional().describe("联系邮箱，整体替换"),
  duties: apiFields.duties.optional().describe("职责关键词，整体替换"),
  active: z
    .boolean()
    .optional()
    .describe("false 停用（其未办结事项保留并标注“责任单位已停用”），true 重新启用"),
});
