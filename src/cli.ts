#!/usr/bin/env -S node --import=tsx
// The `duban` command. Each sub-command lives in src/commands/<name>.ts and exports run(argv), which resolves
// to the exit code. Modules load on demand so `duban extract` never opens a database.
// A reader that stops early (`duban deadline … | head`) closes stdout: that is the end of the output, not a crash.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

type Command = { help: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> };

const commands: Record<string, Command> = {
  extract: {
    help: "从会议纪要文本中抽取督办事项：duban extract 文件 [--date YYYY-MM-DD] [--json] | --jsonl",
    load: () => import("./commands/extract.ts"),
  },
  deadline: {
    help: "解析一句话中的完成时限：duban deadline 文本 --date YYYY-MM-DD [--json] | --jsonl",
    load: () => import("./commands/deadline.ts"),
  },
  seed: {
    help: "写入演示数据（演示单位、账号和一份常务会议纪要）：duban seed",
    load: () => import("./commands/seed.ts"),
  },
  user: {
    help: "新建账号：duban user create --username 用户名 --name 姓名 --role office|unit|leader [--unit 单位] [--email 邮箱]",
    load: () => import("./commands/user.ts"),
  },
  remind: {
    help: "生成并发送提醒：duban remind [--date YYYY-MM-DD] [--dry-run]",
    load: () => import("./commands/remind.ts"),
  },
  migrate: { help: "执行数据库迁移：duban migrate", load: () => import("./commands/migrate.ts") },
};

function usage(): number {
  console.error("用法：duban <命令> [参数]\n");
  for (const [name, command] of Object.entries(commands))
    console.error(`  ${name.padEnd(10)}${command.help}`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) return usage();
  return (await command.load()).run(rest);
}

process.exitCode = await main(process.argv.slice(2));
