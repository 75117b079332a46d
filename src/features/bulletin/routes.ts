import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Actor } from "../../shared/actor.ts";
import { createPdfPrinter, PdfUnavailableError } from "./pdf.ts";
import { renderBulletin } from "./render.ts";
import { type BulletinQuery, bulletinQuerySchema } from "./schemas.ts";
import { bulletinSearch, getBulletin } from "./service.ts";

export async function bulletinRoutes(plain: FastifyInstance, options: { chromiumPath?: string }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const printer = createPdfPrinter(options.chromiumPath);
  app.addHook("onClose", () => printer.close());
  const load = (actor: Actor, query: BulletinQuery) => getBulletin(app.db, actor, query, app.clock());
  const schema = { querystring: bulletinQuerySchema };

  app.get("/bulletin", { schema }, async (request, reply) => {
    const bulletin = await load(request.actor!, request.query);
    const search = bulletinSearch(bulletin);
    const html = renderBulletin({
      ...bulletin,
      screen: {
        pdfHref: `/bulletin.pdf?${search}`,
        dashboardHref: `/dashboard?${new URLSearchParams({ from: bulletin.from, to: bulletin.to })}`,
      },
    });
    return reply.type("text/html; charset=utf-8").header("cache-control", "private, no-store").send(html);
  });

  app.get("/bulletin.pdf", { schema }, async (request, reply) => {
    const bulletin = await load(request.actor!, request.query);
    let pdf: Buffer;
    try {
      pdf = await printer.print(renderBulletin({ ...bulletin, screen: null }));
    } catch (error) {
      if (!(error instanceof PdfUnavailableError)) throw error;
      request.log.warn({ err: error }, "bulletin pdf unavailable");
      return reply.code(503).view("error.eta", {
        title: "暂时无法生成 PDF",
        status: 503,
        message:
          "服务器上未安装 Chromium 浏览器，无法直接生成 PDF。请打开通报页面，使用浏览器的“打印”功能，目标打印机选择“另存为 PDF”。",
      });
    }
    const name = `督查通报（${bulletin.period}）.pdf`;
    return reply
      .type("application/pdf")
      .header(
        "content-disposition",
        `inline; filename="bulletin-${bulletin.from}-${bulletin.to}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .header("cache-control", "private, no-store")
      .send(pdf);
  });
}
