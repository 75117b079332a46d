// Email HTML from eta templates in templates/emails/, outside any request. The plain-text part is built in
// code next to each message, where its line breaks are exact.
import { fileURLToPath } from "node:url";
import { Eta } from "eta";
import { formatDate } from "../shared/locale.ts";

const eta = new Eta({
  views: fileURLToPath(new URL("../../templates/emails", import.meta.url)),
  cache: true,
});

export function renderEmailHtml(name: string, data: object): string {
  return eta.render(`./${name}.html.eta`, { ...data, formatDate });
}
