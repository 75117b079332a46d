import { demoLogins, seedDemo } from "../features/demo/seed.ts";
import { runWithoutArguments } from "./open-from-config.ts";

export function run(argv: string[]) {
  return runWithoutArguments(
    argv,
    "用法：duban seed   （向 DATABASE_URL 指向的数据库写入演示单位、账号和一份会议纪要）",
    "duban seed",
    "如需写入演示数据，请先停止督办服务，执行 duban seed 后再启动服务。",
    async (database) => {
      await seedDemo(database.prisma);
      console.log("已写入演示数据。演示账号（密码均为 duban2021）：");
      for (const login of demoLogins)
        console.log(`  ${login.role.padEnd(6)} ${login.username.padEnd(10)} ${login.label}`);
      return 0;
    },
  );
}
