import { parseArgs } from "node:util";
import { findUnitByName } from "../features/units/repository.ts";
import { newUserSchema } from "../features/users/schemas.ts";
import { createAccount } from "../features/users/service.ts";
import { parseForm } from "../http/forms.ts";
import { InvalidInputError } from "../shared/errors.ts";
import { openConfiguredDatabase } from "./open-from-config.ts";

const usage = `用法：duban user create --username 用户名 --name 姓名 --role office|unit|leader
                        [--unit 单位名称] [--email 邮箱] [--password 密码]
  未给 --password 时从标准输入读取一行作为密码（避免密码留在命令历史中）。`;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "create") {
    console.error(usage);
    return 2;
  }
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        username: { type: "string" },
        name: { type: "string" },
        role: { type: "string" },
        unit: { type: "string" },
        email: { type: "string" },
        password: { type: "string" },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const password = values.password ?? (await readLine());
  const database = await openConfiguredDatabase(
    "duban user create",
    "服务运行期间，请用督查室账号登录网页，在“账号管理”中新建账号；或先停止服务再执行本命令。",
  );
  if (typeof database === "number") return database;
  try {
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
  } catch (error) {
    if (error instanceof InvalidInputError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
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
