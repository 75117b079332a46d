// The bulletin is a page of its own, without the app's navigation: @fastify/view applies its global layout to
// every reply.view and refuses a per-render layout beside it, so it is rendered like an email.
import { renderTemplate } from "../../shared/templates.ts";
import type { Bulletin } from "./service.ts";

export type BulletinPage = Bulletin & {
  /** Links and the period form, for the screen only; left out of the PDF. */
  screen: { pdfHref: string; dashboardHref: string } | null;
};

export function renderBulletin(page: BulletinPage): string {
  return renderTemplate("bulletin/print.eta", page);
}
