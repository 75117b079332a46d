// The task operations an integration needs besides the pages' transitions — a partial edit, an extension
// decision, 催办, handing out a meeting's drafts — with the refusals each role meets; and the API's description,
// public and explained in Chinese field by field.
import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { loadActor } from "../../src/features/auth/service.ts";
import { createToken } from "../../src/features/tokens/service.ts";
import { textOf, useTestApp } from "../helpers/app.ts";
import { createTask, createUnit, createUser } from "../helpers/factories.ts";

const ctx = useTestApp({ truncate: true });

async function tokenOf(role: "office" | "unit" | "leader", unitId?: number): Promise<string> {
  const user = await createUser(ctx.db, { role, unitId });
  return (await createToken(ctx.db, (await loadActor(ctx.db, user.id))!, "接口测试")).token;
}

function api(
  token: string | null,
  method: "GET" | "POST" | "PATCH",
  url: string,
  payload?: object,
): Promise<LightMyRequestResponse> {
  return ctx.app.inject({
    method,
    url,
    payload,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

async function setting() {
  const db = ctx.db;
  const water = (await createUnit(db, { name: "区水务局" })).id;
  const finance = (await createUnit(db, { name: "区财政局" })).id;
  return {
    db,
    water,
    finance,
    office: await tokenOf("office"),
    unit: await tokenOf("unit", water),
    leader: await tokenOf("leader"),
  };
}

type Schema = {
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
};

/** Every property below a schema that has no description of its own, as "where.name". */
function undescribed(schema: Schema | undefined, where: string): string[] {
  if (!schema) return [];
  const variants = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  return [
    ...Object.entries(schema.properties ?? {}).flatMap(([name, property]) => [
      ...(property.description || property.anyOf?.some((v) => v.description) ? [] : [`${where}.${name}`]),
      ...undescribed(property, `${where}.${name}`),
    ]),
    ...undescribed(schema.items, `${where}[]`),
    ...variants.flatMap((variant, i) => undescribed(variant, `${where}|${i}`)),
  ];
}

describe("the API's description", () => {
  it("is readable without signing in, and explains every parameter and field in Chinese", async () => {
    const res = await api(null, "GET", "/api/openapi.json");
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; description?: string; schema?: Schema }[];
            requestBody?: { content: Record<string, { schema: Schema }> };
            responses: Record<string, { description?: string; content?: Record<string, { schema: Schema }> }>;
          }
        >
      >;
    };
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const at = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? [])
          if (!p.description && !p.schema?.description) missing.push(`${at} 参数 ${p.name}`);
        missing.push(...undescribed(op.requestBody?.content["application/json"]?.schema, `${at} 请求`));
        for (const [code, response] of Object.entries(op.responses)) {
          if (!response.description) missing.push(`${at} ${code}`);
          missing.push(...undescribed(response.content?.["application/json"]?.schema, `${at} ${code}`));
        }
      }
    }
    expect(missing).toEqual([]);
    for (const path of [
      "/api/tasks/{id}/extensions/{extensionId}",
      "/api/tasks/{id}/urge",
      "/api/meetings/{id}/hand-out",
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(Object.keys(doc.paths["/api/tasks/{id}"]!)).toEqual(expect.arrayContaining(["get", "patch"]));

    const page = await api(null, "GET", "/api/docs");
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain("PATCH /api/tasks/{id}");
    // The data behind it still needs a token.
    expect((await api(null, "GET", "/api/tasks")).statusCode).toBe(401);
  });
});

describe("PATCH /api/tasks/{id}", () => {
  it("changes only the fields given, records before and after, and refuses other roles", async () => {
    const { db, water, finance, office, unit, leader } = await setting();
    const task = await createTask(db, {
      state: "in_progress",
      leadUnitId: water,
      deadline: "2027-03-31",
      title: "完成泵站检修",
      reportCycle: "monthly",
    });
    const res = await api(office, "PATCH", `/api/tasks/${task.id}`, {
      title: "完成全部泵站检修",
      coUnitIds: [finance],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      title: "完成全部泵站检修",
      deadline: "2027-03-31",
      reportCycle: "monthly",
      leadUnit: { id: water },
      coUnits: [{ id: finance, name: "区财政局" }],
    });
    expect(body.events.map((e: { action: string }) => e.action)).toContain("edit");

    for (const [token, status] of [
      [unit, 403],
      [leader, 403],
    ] as const)
      expect((await api(token, "PATCH", `/api/tasks/${task.id}`, { title: "改名" })).statusCode).toBe(status);
    expect((await api(office, "PATCH", "/api/tasks/999999", { title: "改名" })).statusCode).toBe(404);
    // A field the API does not know, or an id that is not a number, is refused, not ignored or coerced.
    const unknown = await api(office, "PATCH", `/api/tasks/${task.id}`, { titel: "改名" });
    expect(unknown.statusCode).toBe(422);
    const coerced = await api(office, "PATCH", `/api/tasks/${task.id}`, { leadUnitId: true });
    expect(coerced.statusCode).toBe(422);
    expect(coerced.json().message).toMatch(/牵头单位/);
    expect((await api(office, "PATCH", `/api/tasks/${task.id}`, { deadline: "2027-02-30" })).statusCode).toBe(
      422,
    );
    const after = (await api(office, "GET", `/api/tasks/${task.id}`)).json();
    expect(after.title).toBe("完成全部泵站检修");
    expect(after.deadline).toBe("2027-03-31");
  });
});

describe("POST /api/tasks/{id}/extensions/{extensionId}", () => {
  it("lets the office decide once, on its own task only", async () => {
    const { db, water, office, unit } = await setting();
    const task = await createTask(db, { state: "in_progress", leadUnitId: water, deadline: "2027-01-15" });
    const other = await createTask(db, { state: "in_progress", leadUnitId: water, deadline: "2027-01-15" });
    const asked = await api(unit, "POST", `/api/tasks/${task.id}/transitions`, {
      action: "request_extension",
      requestedDeadline: "2027-02-26",
      reason: "冬季低温无法施工",
    });
    expect(asked.statusCode).toBe(200);
    const extensionId = asked.json().extensions[0].id as number;
    const url = `/api/tasks/${task.id}/extensions/${extensionId}`;

    expect((await api(unit, "POST", url, { decision: "approve" })).statusCode).toBe(403);
    expect(
      (await api(office, "POST", `/api/tasks/${other.id}/extensions/${extensionId}`, { decision: "approve" }))
        .statusCode,
    ).toBe(404);
    expect((await api(office, "POST", url, { decision: "maybe" })).statusCode).toBe(422);

    const decided = await api(office, "POST", url, { decision: "approve", note: "同意，请抓紧" });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({
      deadline: "2027-02-26",
      extensions: [{ status: "approved", decisionNote: "同意，请抓紧", originalDeadline: "2027-01-15" }],
    });
    const again = await api(office, "POST", url, { decision: "refuse" });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain("已经审批过");
  });
});

describe("POST /api/tasks/{id}/urge", () => {
  it("queues one 催办 a day for the office, and tells why when it cannot", async () => {
    const { db, water, office, unit } = await setting();
    await db.unit.update({ where: { id: water }, data: { emails: ["shuiwu@example.gov.cn"] } });
    const task = await createTask(db, { state: "in_progress", leadUnitId: water, deadline: "2027-01-15" });
    expect((await api(unit, "POST", `/api/tasks/${task.id}/urge`)).statusCode).toBe(403);
    const urged = await api(office, "POST", `/api/tasks/${task.id}/urge`, { note: "请本周内报送进展" });
    expect(urged.statusCode).toBe(202);
    const mail = await db.outboxEmail.findMany({ where: { kind: "urge" } });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.toAddresses).toEqual(["shuiwu@example.gov.cn"]);
    expect(mail[0]!.textBody).toContain("请本周内报送进展");
    const again = await api(office, "POST", `/api/tasks/${task.id}/urge`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain("今天已经催办过");
    expect(await db.outboxEmail.count()).toBe(1);
  });
});

describe("POST /api/meetings/{id}/hand-out", () => {
  it("hands out the ready drafts when none are named, all or none when they are", async () => {
    const { db, water, office, unit } = await setting();
    const meeting = await db.meeting.create({
      data: { title: "区政府第30次常务会议", kind: "常务会议", sourceText: "会议要求……", contentHash: "h30" },
    });
    const other = await db.meeting.create({
      data: { title: "区政府第31次常务会议", kind: "常务会议", sourceText: "会议要求……", contentHash: "h31" },
    });
    const ready = await createTask(db, {
      state: "draft",
      meetingId: meeting.id,
      leadUnitId: water,
      deadline: "2027-03-31",
    });
    const noUnit = await createTask(db, { state: "draft", meetingId: meeting.id, deadline: "2027-03-31" });
    const elsewhere = await createTask(db, {
      state: "draft",
      meetingId: other.id,
      leadUnitId: water,
      deadline: "2027-03-31",
    });
    const url = `/api/meetings/${meeting.id}/hand-out`;

    expect((await api(unit, "POST", url)).statusCode).toBe(403);
    const stranger = await api(office, "POST", url, { draftIds: [ready.id, elsewhere.id] });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().message).toContain(String(elsewhere.id));
    const blocked = await api(office, "POST", url, { draftIds: [ready.id, noUnit.id] });
    expect(blocked.statusCode).toBe(422);
    expect(await db.task.count({ where: { state: "assigned" } })).toBe(0);

    const done = await api(office, "POST", url);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ handedOut: [ready.id] });
    const states = await db.task.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true } });
    expect(states).toEqual([
      { id: ready.id, state: "assigned" },
      { id: noUnit.id, state: "draft" },
      { id: elsewhere.id, state: "draft" },
    ]);
    const nothingLeft = await api(office, "POST", url);
    expect(nothingLeft.statusCode).toBe(422);
    expect(nothingLeft.json().message).toContain("没有可交办的事项");
    expect((await api(office, "POST", "/api/meetings/999999/hand-out")).statusCode).toBe(404);
  });
});
