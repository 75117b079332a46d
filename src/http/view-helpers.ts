// Functions every template gets (the view's defaultContext in app.ts). Small pieces of markup used many times on
// one page are functions here rather than partials: an Eta include costs several times more per call, and the
// ledger draws a light on each of its 50 rows.
import { type Light, lightNames } from "../features/tasks/light.ts";
import { formatDate, formatDateTime } from "../shared/locale.ts";

/** A task's light as a coloured tag, or nothing for a task without one (drafts, done, cancelled). */
function lightTag(light: Light | null | undefined): string {
  if (!light) return "";
  return `<span class="light ${light}" title="${lightNames[light]}">${lightNames[light]}</span>`;
}

export const viewHelpers = { formatDate, formatDateTime, lightTag };
