import "../../src/shared/locale.ts";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("loadConfig", () => {
  it("starts with the documented defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 3000,
      databaseUrl: "./data/db",
      publicUrl: "http://127.0.0.1:3000",
      sessionSecret: null,
      smtpUrl: null,
    });
  });

  it("lists every bad variable in one error, in Chinese", () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: "80000",
        DATABASE_URL: "mysql://db/duban",
        PUBLIC_URL: "ftp://duban",
        SMTP_URL: "mail.example",
        SESSION_SECRET: "short",
        TRUST_PROXY: "maybe",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split("：")[0]).sort()).toEqual(
      ["DATABASE_URL", "PORT", "PUBLIC_URL", "SESSION_SECRET", "SMTP_URL", "TRUST_PROXY"].sort(),
    );
    expect((error as ConfigError).message).toContain("配置有误，无法启动");
    expect(problems.find((p) => p.startsWith("SESSION_SECRET"))).toContain("至少 32 个字符");
  });

  it("requires a session secret in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow("SESSION_SECRET：生产环境必须设置");
    expect(loadConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) }).sessionSecret).toHaveLength(
      32,
    );
  });

  it("treats an empty variable as unset and accepts PostgreSQL URLs", () => {
    const config = loadConfig({ PORT: "", DATABASE_URL: "postgres://duban@db.internal:5432/duban" });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe("postgres://duban@db.internal:5432/duban");
  });

  it("reads TRUST_PROXY as a hop count or the proxies' addresses", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.5, 10.0.1.0/24" }).trustProxy).toEqual([
      "10.0.0.5",
      "10.0.1.0/24",
    ]);
  });
});
