// Functions every template gets for its forms (the view's defaultContext in app.ts, with the shared date helpers
// and the task names of src/features/tasks/view-names.ts). Small pieces of markup used many times on one page are
// functions rather than partials: an Eta include costs several times more per call.
import { templateHelpers } from "../shared/templates.ts";
import { newFormKey } from "./form-keys.ts";

/** A form's messages by field name; `_form` is the message for the form as a whole. */
export type ViewErrors = Record<string, string> | null | undefined;

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: unknown): string {
  return String(text ?? "").replace(/[&<>"']/g, (c) => entities[c]!);
}

/**
 * The id of a form control. `scope` tells apart forms on one page that share a field name (the task page has
 * three `reason` fields); the control's message is `<id>-error`.
 */
export function fieldId(name: string, scope?: string | number | null): string {
  return scope === undefined || scope === null || scope === "" ? name : `${scope}-${name}`;
}

function messageOf(errors: ViewErrors, name: string): string | undefined {
  return errors ? errors[name] : undefined;
}

/**
 * The attributes of a form control: its id, and while it has a message `aria-invalid` and `aria-describedby`
 * naming the message, so a screen reader reads the message with the field.
 */
function fieldAttrs(errors: ViewErrors, name: string, scope?: string | number | null): string {
  const id = fieldId(name, scope);
  if (!messageOf(errors, name)) return ` id="${escapeHtml(id)}"`;
  return ` id="${escapeHtml(id)}" aria-invalid="true" aria-describedby="${escapeHtml(id)}-error"`;
}

/** A control's message, under the id its aria-describedby names; nothing while it has none. */
function fieldError(errors: ViewErrors, name: string, scope?: string | number | null): string {
  const message = messageOf(errors, name);
  if (!message) return "";
  const id = escapeHtml(`${fieldId(name, scope)}-error`);
  return `<span class="field-error" id="${id}">${escapeHtml(message)}</span>`;
}

/**
 * Every message of a refused form in one alert at its top: a field's message links to the field (when `labels`
 * names it), a message for the form or for a field the form does not show is printed as it is, so none is lost.
 */
function errorSummary(
  errors: ViewErrors,
  labels: Record<string, string> = {},
  scope?: string | number | null,
  title = "未能提交，请修改以下内容：",
): string {
  const entries = Object.entries(errors ?? {}).filter(([, message]) => message);
  if (entries.length === 0) return "";
  const items = entries.map(([name, message]) => {
    const label = labels[name];
    if (name === "_form" || !label) return `<li>${escapeHtml(message)}</li>`;
    const href = `#${fieldId(name, scope)}`;
    return `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}：${escapeHtml(message)}</a></li>`;
  });
  const id = escapeHtml(fieldId("errors", scope));
  return `<div class="error-summary" role="alert" aria-labelledby="${id}-title"><p class="error-summary-title" id="${id}-title">${escapeHtml(title)}</p><ul>${items.join("")}</ul></div>`;
}

export const viewHelpers = { ...templateHelpers, fieldAttrs, fieldError, errorSummary, newFormKey };
