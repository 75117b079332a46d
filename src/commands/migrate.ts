import { runWithoutArguments } from "./open-from-config.ts";

export function run(argv: string[]) {
  return runWithoutArguments(
    argv,
    "用法：duban migrate   （对 DATABASE_URL 指向的数据库执行尚未执行的迁移）",
    "duban migrate",
    "督办服务启动时已自动执行迁移，不必单独执行；如确需单独执行，请先停止服务。",
    async ({ applied }) => {
      console.log(applied.length ? `已执行迁移：${applied.join("、")}` : "数据库已是最新，无需迁移");
      return 0;
    },
  );
}
