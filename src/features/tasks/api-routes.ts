import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Actor } from "../../shared/actor.ts";
import { errorResponses, errorSchema } from "../../shared/api-fields.ts";
import { sendAttachment } from "../files/download.ts";
import { handOutMeeting, meetingDraftsForApi, patchTask } from "./api-actions.ts";
import { taskDetailJson, taskListJson } from "./api-json.ts";
import {
  decisionBody,
  draftIdParams,
  extensionIdParams,
  fileIdParams,
  handOutBody,
  handOutResponse,
  linkBody,
  linkResponse,
  meetingDrafts,
  meetingIdParams,
  reportBody,
  reportSchema,
  taskDetail,
  taskIdParams,
  taskListQuery,
  taskListResponse,
  taskPatchBody,
  transitionBody,
  urgeBody,
  urgeResponse,
} from "./api-schemas.ts";
import { resolveQueueFilter } from "./queues.ts";
import { declineLink, linkDraft } from "./repeat-links.ts";
import { ledgerFilterOf } from "./schemas.ts";
import {
  addInstruction,
  approveCompletion,
  cancelTask,
  decideExtension,
  getTaskPage,
  ledgerPageSize,
  listVisibleTasks,
  openAttachment,
  reportProgress,
  requestCompletion,
  requestExtension,
  returnTask,
  signTask,
} from "./service.ts";
import { urgeTask } from "./urge.ts";

const tags = ["督办事项"];

export const taskApiRoutes: FastifyPluginAsyncZod = async (app) => {
  const detail = async (actor: Actor, id: number) =>
    taskDetailJson(await getTaskPage(app.db, actor, id, app.clock()));

  app.get(
    "/tasks",
    {
      schema: {
        tags,
        summary: "督办事项列表",
        description:
          "按督办台账的条件筛选并分页（每页 50 项）。督查室和领导看到全部事项；责任单位只看到已交办、由本单位牵头或配合的事项。",
        querystring: taskListQuery,
        response: { 200: taskListResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { page = 1, ...query } = request.query;
      const now = app.clock();
      const filter = await resolveQueueFilter(app.db, request.apiActor!, ledgerFilterOf(query), now);
      const list = await listVisibleTasks(app.db, request.apiActor!, filter, page, now);
      return {
        total: list.total,
        page,
        pages: list.pages,
        pageSize: ledgerPageSize,
        items: list.rows.map(taskListJson),
      };
    },
  );

  app.get(
    "/tasks/:id",
    {
      schema: {
        tags,
        summary: "督办事项详情",
        description:
          "来源、单位、时限及延期记录、进展反馈（附件名称和下载地址）、办理记录，以及当前账号可进行的操作。",
        params: taskIdParams,
        response: { 200: taskDetail, ...errorResponses, 404: errorSchema.describe("事项不存在") },
      },
    },
    async (request) => detail(request.apiActor!, request.params.id),
  );

  app.get(
    "/files/:id",
    {
      schema: {
        tags,
        summary: "下载附件",
        description:
          "进展反馈所附的原文件（事项详情里附件的 url）。能查看该事项的账号才能下载，否则返回 403。",
        params: fileIdParams,
        response: { ...errorResponses, 404: errorSchema.describe("附件不存在") },
      },
    },
    async (request, reply) => {
      const file = await openAttachment(app.db, request.apiActor!, request.params.id);
      return sendAttachment(reply, app.config.dataDir, file);
    },
  );

  app.post(
    "/tasks/:id/reports",
    {
      schema: {
        tags,
        summary: "报送进展",
        description: "牵头单位或配合单位在办理中报送进展情况（接口不接收附件，附件请在网页上传）。",
        params: taskIdParams,
        body: reportBody,
        response: {
          201: reportSchema,
          ...errorResponses,
          404: errorSchema.describe("事项不存在"),
          409: errorSchema.describe("事项当前状态不能报送进展"),
        },
      },
    },
    async (request, reply) => {
      const report = await reportProgress(
        app.db,
        request.apiActor!,
        request.params.id,
        request.body,
        app.clock(),
      );
      reply.code(201);
      return {
        id: report.id,
        body: report.body,
        completion: report.completion,
        author: request.apiActor!.name,
        unit: request.apiActor!.unitName,
        createdAt: report.createdAt.toISOString(),
        attachments: [],
      };
    },
  );

  app.post(
    "/tasks/:id/transitions",
    {
      schema: {
        tags,
        summary: "办理事项",
        description:
          "sign 签收、request_completion 申请办结（summary）、request_extension 申请延期（requestedDeadline、reason）由牵头单位操作；" +
          "approve 审核通过（note 可选）、return 退回（reason）、cancel 撤销（reason）由督查室操作；instruct 批示（text）由领导操作。" +
          "角色或单位不符返回 403，事项状态不允许返回 409。成功后返回办理后的事项详情。",
        params: taskIdParams,
        body: transitionBody,
        response: {
          200: taskDetail,
          ...errorResponses,
          404: errorSchema.describe("事项不存在"),
          409: errorSchema.describe("事项当前状态不允许此操作，或已有待审批的延期申请"),
        },
      },
    },
    async (request) => {
      const actor = request.apiActor!;
      const id = request.params.id;
      const now = app.clock();
      const body = request.body;
      switch (body.action) {
        case "sign":
          await signTask(app.db, actor, id, now);
          break;
        case "request_completion":
          await requestCompletion(app.db, actor, id, { summary: body.summary }, now);
          break;
        case "approve":
          await approveCompletion(app.db, actor, id, now, body.note);
          break;
        case "return":
          await returnTask(app.db, actor, id, body.reason, now);
          break;
        case "cancel":
          await cancelTask(app.db, actor, id, body.reason, now);
          break;
        case "instruct":
          await addInstruction(app.db, actor, id, body.text, now);
          break;
        case "request_extension":
          await requestExtension(app.db, actor, id, body, now);
          break;
      }
      return detail(actor, id);
    },
  );

  const notFound = errorSchema.describe("事项不存在");

  app.patch(
    "/tasks/:id",
    {
      schema: {
        tags,
        summary: "修改事项",
        description:
          "督查室修改事项的名称、单位、分管领导、完成时限、长期坚持或反馈周期，未交办和已交办未办结的事项均可。" +
          "修改前后的值记入办理记录。修改已交办事项的完成时限须同时给出 deadlineReason（调整理由），" +
          "新时限作为督查室直接调整记入延期记录，缺少理由时返回 422。成功后返回修改后的事项详情。",
        params: taskIdParams,
        body: taskPatchBody,
        response: {
          200: taskDetail,
          ...errorResponses,
          404: notFound,
          409: errorSchema.describe("事项已办结或已撤销，不能修改"),
        },
      },
    },
    async (request) => {
      await patchTask(app.db, request.apiActor!, request.params.id, request.body, app.clock());
      return detail(request.apiActor!, request.params.id);
    },
  );

  app.post(
    "/tasks/:id/extensions/:extensionId",
    {
      schema: {
        tags,
        summary: "审批延期申请",
        description:
          "督查室同意或不同意牵头单位的延期申请；同意后完成时限改为申请的日期，原时限保留在延期记录中。成功后返回事项详情。",
        params: extensionIdParams,
        body: decisionBody,
        response: {
          200: taskDetail,
          ...errorResponses,
          404: errorSchema.describe("事项或延期申请不存在，或延期申请不属于该事项"),
          409: errorSchema.describe("这份延期申请已经审批过了"),
        },
      },
    },
    async (request) => {
      const { id, extensionId } = request.params;
      const { decision, note } = request.body;
      await decideExtension(
        app.db,
        request.apiActor!,
        id,
        extensionId,
        { approve: decision === "approve", note },
        app.clock(),
      );
      return detail(request.apiActor!, id);
    },
  );

  app.post(
    "/tasks/:id/urge",
    {
      schema: {
        tags,
        summary: "催办",
        description:
          "督查室向牵头单位发送催办邮件（经发送队列，服务器暂时不可用时自动重试）。同一事项每天只能催办一次。",
        params: taskIdParams,
        body: urgeBody.nullish(),
        response: {
          202: urgeResponse,
          ...errorResponses,
          404: notFound,
          409: errorSchema.describe("今天已经催办过，事项状态不能催办，或牵头单位没有登记邮箱"),
        },
      },
    },
    async (request, reply) => {
      await urgeTask(app.db, request.apiActor!, request.params.id, {
        note: request.body?.note,
        now: app.clock(),
        publicUrl: app.config.publicUrl,
      });
      return reply.code(202).send({ urged: true });
    },
  );

  app.post(
    "/meetings/:id/hand-out",
    {
      schema: {
        tags,
        summary: "交办会议事项",
        description:
          "督查室交办一次会议的待交办事项：给出 draftIds 时交办这些事项，省略时交办全部就绪的事项。全部成功或全部不交办：" +
          "任何一项缺少牵头单位或不能交办时返回错误，说明是哪一项。",
        params: meetingIdParams,
        body: handOutBody.nullish(),
        response: {
          200: handOutResponse,
          ...errorResponses,
          404: errorSchema.describe("会议不存在或没有事项"),
          409: errorSchema.describe("所列事项中有已交办或已撤销的"),
        },
      },
    },
    async (request) => ({
      handedOut: await handOutMeeting(
        app.db,
        request.apiActor!,
        request.params.id,
        request.body?.draftIds,
        app.clock(),
      ),
    }),
  );

  app.get(
    "/meetings/:id",
    {
      schema: {
        tags: ["会议"],
        summary: "会议的待交办事项",
        description:
          "一次会议尚未交办的事项，每项附 linkCandidates：可能是再次强调的已交办事项及理由；以及本次会议已关联到已有事项的内容。仅限督查室。",
        params: meetingIdParams,
        response: { 200: meetingDrafts, ...errorResponses, 404: errorSchema.describe("会议不存在") },
      },
    },
    (request) => meetingDraftsForApi(app.db, request.apiActor!, request.params.id),
  );

  app.post(
    "/meetings/:id/drafts/:draftId/link",
    {
      schema: {
        tags: ["会议"],
        summary: "关联到已有事项",
        description:
          "督查室确认这一项是已交办事项的再次强调：不另建事项，待交办事项删除，原事项记入本次会议原文、累计强调次数加一（至少亮黄灯）并通知责任单位。" +
          "可关联任何办理中的事项，不限于推荐的。已关联过的待交办事项不存在，再次请求返回 404。",
        params: draftIdParams,
        body: linkBody,
        response: {
          200: linkResponse,
          ...errorResponses,
          404: errorSchema.describe("会议或待交办事项不存在"),
          409: errorSchema.describe("该项已交办，或本次会议已有一项关联到该事项"),
        },
      },
    },
    async (request) => {
      const { id, draftId } = request.params;
      const linked = await linkDraft(
        app.db,
        request.apiActor!,
        id,
        draftId,
        request.body.taskId,
        app.clock(),
      );
      return { taskId: linked.taskId, repeatCount: linked.repeatCount };
    },
  );

  app.post(
    "/meetings/:id/drafts/:draftId/decline",
    {
      schema: {
        tags: ["会议"],
        summary: "不是同一事项",
        description:
          "督查室确认这一项不是所推荐的已有事项，不再推荐；重复请求结果相同。返回会议的待交办事项。",
        params: draftIdParams,
        body: linkBody,
        response: {
          200: meetingDrafts,
          ...errorResponses,
          404: errorSchema.describe("会议或待交办事项不存在"),
          409: errorSchema.describe("该项已交办"),
        },
      },
    },
    async (request) => {
      const { id, draftId } = request.params;
      await declineLink(app.db, request.apiActor!, id, draftId, request.body.taskId);
      return meetingDraftsForApi(app.db, request.apiActor!, id);
    },
  );
};
