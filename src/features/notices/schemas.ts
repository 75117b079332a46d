import { z } from "zod";
import { deliveries, noticeKinds } from "./kinds.ts";

const delivery = z.enum(deliveries, "请选择“立即发送”或“每日汇总”").optional();

/** The 我的账号 notice form: one radio group per kind; a kind the form does not send keeps its choice. */
export const noticePrefsForm = z.object(
  Object.fromEntries(noticeKinds.map((kind) => [kind, delivery])) as Record<
    (typeof noticeKinds)[number],
    typeof delivery
  >,
);
