import { findUnitByName } from "../features/units/repository.ts";
import { newUserSchema } from "../features/users/schemas.ts";
import { createAccount } from "../features/users/service.ts";
import { parseForm } from "../http/forms.ts";
import { readArguments, usageError } from "./arguments.ts";
import { withConfiguredDatabase } from "./open-from-config.ts";

const usage = `用法：duban user create --username 用户名 --name 姓名 --role office|unit|leader
                        [--unit 单位名称] [--email 邮箱] [--password 密码]
  未给 --password 时从标准输入读取一行作为密码（避免密码留在命令历史中）。`;

const userOptions = Object.fromEntries(
  ["username", "name", "role", "unit", "email", "password"].map((name) => [
    name,
    { type: "string" as const },
  ]),
);

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "create") return usageError(usage);
  const parsed = readArguments({ args: rest, options: userOptions }, usage);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const password = values.password ?? (await readLine());
  return withConfiguredDatabase(
    "duban user create",
    "服务运行期间，请用督查室账号登录网页，在“账号管理”中新建账号；或先停止服务再执行本命令。",
    async (database) => {
      const unit = values.unit ? await findUnitByName(database.prisma, values.unit) : null;
      if (values.unit && !unit) {
        console.error(`单位名录中没有“${values.unit}”，请先在单位名录中添加`);
        return 1;
      }
      const form = parseForm(newUserSchema, { ...values, password, unitId: unit?.id });
      if (!form.ok) {
        for (const [field, message] of Object.entries(form.errors)) console.error(`${field}：${message}`);
        return 1;
      }
      const user = await createAccount(database.prisma, null, form.data);
      console.log(`已创建账号 ${user.username}（${user.name}）`);
      return 0;
    },
  );
}

async function readLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("密码：");
  let data = "";
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes("\n")) break;
  }
  return data.split("\n")[0]?.trim() ?? "";
}
