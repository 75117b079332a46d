// The one Eta set-up. Pages (through @fastify/view), pages drawn outside the app's layout (the bulletin) and
// emails all render templates/ with these options and the same date helpers.
import { fileURLToPath } from "node:url";
import { Eta } from "eta";
import { formatDate } from "./calendar-date.ts";
import { formatDateTime } from "./locale.ts";

export const templatesDir = fileURLToPath(new URL("../../templates", import.meta.url));

/** Compiled templates are kept; app.ts turns that off in development so edits show on reload. */
export const templates = new Eta({ views: templatesDir, cache: true });

/** Helpers every template may use, pages and emails alike. */
export const templateHelpers = { formatDate, formatDateTime };

/** A template outside any request: an email body, the bulletin. `name` is relative to templates/. */
export function renderTemplate(name: string, data: object): string {
  return templates.render(name, { ...templateHelpers, ...data });
}
