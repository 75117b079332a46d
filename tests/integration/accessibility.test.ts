// A refused form tells a screen reader which field is wrong and why: the field is aria-invalid and its
// aria-describedby names an element holding the Chinese message, and an alert at the top of the form lists every
// message with a link to its field. Read from the page's real HTML, as a browser would.
import { DomUtils, parseDocument } from "htmlparser2";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, signedInEach, useTestApp } from "../helpers/app.ts";
import { createTaskInProgress, createUnit } from "../helpers/factories.ts";

type Element = ReturnType<typeof DomUtils.getElementById> & object;

let shuiwu: number;
let office: Browser;
let lead: Browser;
const now = new Date("2026-11-24T02:00:00Z");
const ctx = useTestApp({ clock: () => now });

beforeAll(async () => {
  shuiwu = (await createUnit(ctx.db, { name: "区水务局" })).id;
  ({ office, lead } = (
    await signedInEach(ctx.app, ctx.db, {
      office: { role: "office" },
      lead: { role: "unit", unitId: shuiwu },
    })
  ).browsers);
});

function page(html: string) {
  const doc = parseDocument(html);
  const all = DomUtils.findAll(() => true, doc.children);
  const ids = all.map((e) => e.attribs.id).filter(Boolean);
  return {
    ids,
    /** The one control called `name` inside the form posting to `action` (or anywhere). */
    field(name: string, action?: string): Element {
      const forms = action ? all.filter((e) => e.name === "form" && e.attribs.action === action) : [doc];
      expect(forms, `form ${action}`).toHaveLength(1);
      const found = DomUtils.findAll(
        (e) => ["input", "select", "textarea"].includes(e.name) && e.attribs.name === name,
        forms[0]!.children,
      );
      expect(found, `field ${name}`).toHaveLength(1);
      return found[0]!;
    },
    byId(id: string): Element | null {
      return DomUtils.getElementById(id, doc.children);
    },
    alerts(): Element[] {
      return all.filter((e) => e.attribs.role === "alert");
    },
  };
}

const text = (e: Element) => DomUtils.textContent(e).replace(/\s+/g, " ").trim();

/** The field is marked invalid and described by an element that says `message`. */
function expectDescribedError(p: ReturnType<typeof page>, field: Element, message: string) {
  expect(field.attribs["aria-invalid"]).toBe("true");
  const describedBy = field.attribs["aria-describedby"];
  expect(describedBy).toBeTruthy();
  const messageElement = p.byId(describedBy!);
  expect(messageElement, `#${describedBy}`).not.toBeNull();
  expect(text(messageElement!)).toContain(message);
}

function expectNoDuplicateIds(p: ReturnType<typeof page>) {
  expect(p.ids.filter((id, i) => p.ids.indexOf(id) !== i)).toEqual([]);
}

describe("a refused form", () => {
  it("marks the task page's extension fields and describes them with the Chinese messages", async () => {
    const { url } = await createTaskInProgress(ctx.db, shuiwu);
    const res = await lead.post(`${url}/extension`, { requestedDeadline: "2027-02-31", reason: "" }, url);
    expect(res.statusCode).toBe(422);
    const p = page(res.body);
    const action = `${url}/extension`;
    const date = p.field("requestedDeadline", action);
    expectDescribedError(p, date, "日期应为真实存在的日期");
    expectDescribedError(p, p.field("reason", action), "请填写延期理由");
    // What was typed stays.
    expect(date.attribs.value).toBe("2027-02-31");

    // One alert, listing both messages, each linking to its field.
    const alerts = p.alerts();
    expect(alerts).toHaveLength(1);
    expect(text(alerts[0]!)).toContain("日期应为真实存在的日期");
    expect(text(alerts[0]!)).toContain("请填写延期理由");
    const links = DomUtils.findAll((e) => e.name === "a", alerts[0]!.children).map((a) => a.attribs.href!);
    expect(links).toHaveLength(2);
    for (const href of links) {
      const target = p.byId(href.slice(1));
      expect(target?.attribs.name, href).toBeDefined();
      expect(target?.attribs["aria-invalid"]).toBe("true");
    }

    // The other forms on the page are untouched.
    const body = p.field("body", `${url}/report`);
    expect(body.attribs["aria-invalid"]).toBeUndefined();
    expect(body.attribs["aria-describedby"]).toBeUndefined();
    expectNoDuplicateIds(p);
  });

  it("describes a refusal from the service the same way", async () => {
    const { url } = await createTaskInProgress(ctx.db, shuiwu);
    const res = await lead.post(
      `${url}/extension`,
      { requestedDeadline: "2026-12-01", reason: "雨季影响" },
      url,
    );
    expect(res.statusCode).toBe(422);
    const p = page(res.body);
    expectDescribedError(p, p.field("requestedDeadline", `${url}/extension`), "应晚于现在的完成时限");
    expect(text(p.alerts()[0]!)).toContain("应晚于现在的完成时限");
  });

  it("marks every missing field of a new task", async () => {
    const res = await office.post("/tasks/new", { title: "", reportCycle: "monthly" });
    expect(res.statusCode).toBe(422);
    const p = page(res.body);
    expectDescribedError(p, p.field("origin"), "请选择事项来源");
    expectDescribedError(p, p.field("title"), "请填写事项名称");
    expectDescribedError(p, p.field("leadUnitId"), "请选择牵头单位");
    expect(p.field("detail").attribs["aria-invalid"]).toBeUndefined();
    expect(p.alerts()).toHaveLength(1);
    expectNoDuplicateIds(p);
  });

  it("marks the log-in fields that are missing", async () => {
    const anonymous = new Browser(ctx.app);
    const res = await anonymous.post("/login", { username: "", password: "" }, "/login");
    expect(res.statusCode).toBe(422);
    const p = page(res.body);
    const username = p.field("username");
    expect(username.attribs["aria-invalid"]).toBe("true");
    expect(text(p.byId(username.attribs["aria-describedby"]!)!)).toMatch(/[\u4e00-\u9fff]/);
    expect(p.alerts()).toHaveLength(1);
  });

  it("leaves a page that was not refused without alerts or invalid fields", async () => {
    const p = page((await office.get("/tasks/new")).body);
    expect(p.alerts()).toHaveLength(0);
    expect(p.field("title").attribs["aria-invalid"]).toBeUndefined();
  });
});
