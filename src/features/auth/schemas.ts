import { z } from "zod";

export const loginSchema = z.object({
  username: z.string().trim().min(1, "请输入用户名").max(64, "用户名过长"),
  password: z.string().min(1, "请输入密码").max(256, "密码过长"),
  next: z.string().max(2000).optional(),
});

export const passwordRule = z
  .string()
  .min(8, "新密码至少 8 个字符")
  .max(128, "新密码不能超过 128 个字符")
  .refine((v) => /[A-Za-z\p{Script=Han}]/u.test(v) && /\d/.test(v), "新密码需同时包含字母（或汉字）和数字");

export const changePasswordSchema = z
  .object({
    current: z.string().min(1, "请输入当前密码"),
    password: passwordRule,
    confirm: z.string().min(1, "请再次输入新密码"),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "两次输入的新密码不一致" });
