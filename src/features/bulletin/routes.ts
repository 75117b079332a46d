import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { dataVersionOf } from "../../http/data-version.ts";
import { createPdfPrinter, PdfUnavailableError } from "./pdf.ts";
import { renderBulletin } from "./render.ts";
import { type BulletinQuery, bulletinQuerySchema } from "./schemas.ts";
import { bulletinSearch, getBulletinAsOf } from "./service.ts";

export type BulletinRoutesOptions = {
  chromiumPath?: string;
  /** Start Chromium when the app is ready rather than on the first PDF (server.ts; tests that ask for it). */
  warmPdf?: boolean;
};

export async function bulletinRoutes(plain: FastifyInstance, options: BulletinRoutesOptions) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const printer = createPdfPrinter(options.chromiumPath);
  if (options.warmPdf) {
    // Not awaited: the app serves pages while the browser starts, and a server without Chromium still starts.
    app.addHook("onReady", async () => {
      printer
        .warm()
        .catch((err: unknown) => app.log.warn({ err }, "chromium did not start for bulletin PDFs"));
    });
  }
  app.addHook("onClose", () => printer.close());
  const load = async (request: FastifyRequest, query: BulletinQuery) =>
    getBulletinAsOf(app.db, request.actor!, query, app.clock(), await dataVersionOf(request));
  const schema = { querystring: bulletinQuerySchema };

  app.get("/bulletin", { schema }, async (request, reply) => {
    const bulletin = await load(request, request.query);
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
    const bulletin = await load(request, request.query);
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
