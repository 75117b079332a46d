// The bulletin is a page of its own, without the app's navigation. @fastify/view applies its global layout to
// every reply.view and refuses a per-render layout beside it, so the bulletin has its own Eta, as emails do.
import { fileURLToPath } from "node:url";
import { Eta } from "eta";
import { formatDate } from "../../shared/locale.ts";
import type { Bulletin } from "./service.ts";

const eta = new Eta({
  views: fileURLToPath(new URL("../../../templates/bulletin", import.meta.url)),
  cache: true,
});

export type BulletinPage = Bulletin & {
  /** Links and the period form, for the screen only; left out of the PDF. */
  screen: { pdfHref: string; dashboardHref: string } | null;
};

export function renderBulletin(page: BulletinPage): string {
  return eta.render("./print.eta", { ...page, formatDate });
}
