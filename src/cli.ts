#!/usr/bin/env -S node --import tsx
// The `duban` command. Each sub-command lives in src/commands/<name>.ts and exports run(argv) → exit code.
const commands = {
  extract: "从会议纪要文本中抽取督办事项：duban extract 文件 [--date YYYY-MM-DD] [--json] | --jsonl",
  deadline: "解析一句话中的完成时限：duban deadline 文本 --date YYYY-MM-DD [--json] | --jsonl",
  seed: "写入演示数据（演示单位、账号和一份常务会议纪要）：duban seed",
  user: "管理账号：duban user create --username 用户名 --name 姓名 --role office|unit|leader [--unit 单位] [--email 邮箱]",
  migrate: "执行数据库迁移：duban migrate",
} as const;

type Command = keyof typeof commands;

function usage(): number {
  console.error("用法：duban <命令> [参数]\n");
  for (const [name, help] of Object.entries(commands)) console.error(`  ${name.padEnd(10)}${help}`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || !(name in commands)) return usage();
  const mod: { run: (argv: string[]) => Promise<number> } = await import(`./commands/${name as Command}.ts`);
  return mod.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
