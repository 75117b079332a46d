// The idempotency keys the form partial puts into every rendered form (templates/partials/form-guard.eta), read
// from a page the way a browser would send them back.

/** The `_formKey` of the first form on `html` whose opening tag contains `marker` (its action, its id …). */
export function formKeyOf(html: string, marker: string): string {
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`no form with ${marker} on the page`);
  const key = /name="_formKey" value="([^"]+)"/.exec(html.slice(at))?.[1];
  if (!key) throw new Error(`no _formKey after ${marker}`);
  return key;
}

/** Every `_formKey` on a page, in document order. */
export function formKeysIn(html: string): string[] {
  return [...html.matchAll(/name="_formKey" value="([^"]+)"/g)].map((m) => m[1]!);
}
