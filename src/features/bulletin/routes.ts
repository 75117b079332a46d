import type { FastifyInstance, FastifyRequest } from "fastify";
import { InvalidInputError } from "../../errors.ts";
import { parseForm } from "../../http/forms.ts";
import { createPdfPrinter, PdfUnavailableError } from "./pdf.ts";
import { renderBulletin } from "./render.ts";
import { bulletinQuerySchema } from "./schemas.ts";
import { bulletinSearch, getBulletin } from "./service.ts";

export async function bulletinRoutes(app: FastifyInstance, options: { chromiumPath?: string }) {
  const printer = createPdfPrinter(options.chromiumPath);
  app.addHook("onClose", () => printer.close());

  async function load(request: FastifyRequest<{ Querystring: Record<string, string> }>) {
    const parsed = parseForm(bulletinQuerySchema, request.query);
    if (!parsed.ok) throw new InvalidInputError(`通报期间有误：${Object.values(parsed.errors).join("；")}`);
    return getBulletin(app.db, request.actor!, parsed.data, app.clock());
  }

  app.get<{ Querystring: Record<string, string> }>("/bulletin", async (request, reply) => {
    const bulletin = await load(request);
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

  app.get<{ Querystring: Record<string, string> }>("/bulletin.pdf", async (request, reply) => {
    const bulletin = await load(request);
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
