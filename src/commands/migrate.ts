import { usageError } from "./arguments.ts";
import { withConfiguredDatabase } from "./open-from-config.ts";

export function run(argv: string[]): Promise<number> | number {
  if (argv.length > 0)
    return usageError("用法：duban migrate   （对 DATABASE_URL 指向的数据库执行尚未执行的迁移）");
  return withConfiguredDatabase(
    "duban migrate",
    "督办服务启动时已自动执行迁移，不必单独执行；如确需单独执行，请先停止服务。",
    async (database) => {
      console.log(
        database.applied.length ? `已执行迁移：${database.applied.join("、")}` : "数据库已是最新，无需迁移",
      );
      return 0;
    },
  );
}
