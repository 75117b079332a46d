// The only reader of process.env. Every variable is validated at boot and all problems are reported at once.
import { z } from "zod";

const port = z.coerce.number().int().min(1).max(65535);

// Behind a reverse proxy the client address is the X-Forwarded-For entry that proxy appended: the right-most one
// for one proxy, not the left-most, which any client can write. So "true" means one trusted hop, a number that
// many hops, and a list names the proxies' addresses (or CIDR ranges).
const trustProxy = z.union(
  [
    z.enum(["false", "0"]).transform(() => false as const),
    z.literal("true").transform(() => 1),
    z.coerce.number().int().min(1).max(10),
    z
      .string()
      .regex(/^[0-9a-f.:/]+(\s*,\s*[0-9a-f.:/]+)*$/i)
      .transform((v) => v.split(",").map((a) => a.trim())),
  ],
  "应为 false、true、代理层数（1 到 10）或以逗号分隔的代理地址",
);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: port.default(3000),
    DATABASE_URL: z
      .string()
      .min(1)
      .default("./data/db")
      .refine((v) => !/^[a-z]+:\/\//i.test(v) || /^(postgres|postgresql|memory):\/\//.test(v), {
        message: "只支持 postgres:// 地址、memory:// 或内嵌数据库目录路径",
      }),
    DATA_DIR: z.string().min(1).default("./data"),
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: "应为 http:// 或 https:// 开头的网址" }).optional(),
    SESSION_SECRET: z.string().min(32, "至少 32 个字符").optional(),
    SESSION_MAX_AGE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
    LOGIN_WINDOW_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(10),
    TRUST_PROXY: trustProxy.default(false),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "应为 smtp:// 或 smtps:// 开头的地址")
      .optional(),
    MAIL_FROM: z.string().min(3).default("督办系统 <duban@localhost>"),
    SEED_DEMO: z.enum(["auto", "never"]).default("auto"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "生产环境必须设置（至少 32 个字符）",
      });
    }
  });

export type Config = {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  databaseUrl: string;
  dataDir: string;
  publicUrl: string;
  sessionSecret: string | null;
  sessionMaxAgeHours: number;
  login: { maxAttempts: number; windowMinutes: number };
  /** false, the number of proxy hops to trust, or the proxies' addresses (Fastify's trustProxy). */
  trustProxy: false | number | string[];
  logLevel: string;
  smtpUrl: string | null;
  mailFrom: string;
  seedDemo: "auto" | "never";
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误，无法启动：\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Reads and validates the environment; throws one ConfigError that lists every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}：${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ""),
    sessionSecret: e.SESSION_SECRET ?? null,
    sessionMaxAgeHours: e.SESSION_MAX_AGE_HOURS,
    login: { maxAttempts: e.LOGIN_MAX_ATTEMPTS, windowMinutes: e.LOGIN_WINDOW_MINUTES },
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    seedDemo: e.SEED_DEMO,
  };
}
