// The idempotency keys of rendered forms (form_submissions). A write service claims the key of the form that
// asked for it first inside its transaction: the claim commits with the write, so a form sent twice (back
// button, double click, a duplicated tab) is carried out once, and a refused first attempt (a mistake in the
// form, a rollback) leaves its key free.
import { RepeatedFormError } from "../shared/errors.ts";
import type { Tx } from "./open-database.ts";

/** How long a key is kept: a page left open longer than this is re-rendered (and keyed) long before. */
export const formKeyDays = 7;

/**
 * Claims `key` for `userId`, or throws RepeatedFormError when it was claimed before. No key (the JSON API, the
 * CLI, a job) claims nothing. ON CONFLICT DO NOTHING rather than catching the unique violation, which would
 * abort a PostgreSQL transaction; a second claim racing the first waits on the key's index until it commits.
 */
export async function claimFormKey(tx: Tx, key: string | null | undefined, userId: number): Promise<void> {
  if (!key) return;
  const { count } = await tx.formSubmission.createMany({ data: [{ key, userId }], skipDuplicates: true });
  if (count === 0) throw new RepeatedFormError();
}

/** Deletes the keys claimed more than `formKeyDays` before `now`; returns how many. */
export async function sweepFormKeys(tx: Tx, now: Date): Promise<number> {
  const before = new Date(now.getTime() - formKeyDays * 86_400_000);
  return (await tx.formSubmission.deleteMany({ where: { createdAt: { lt: before } } })).count;
}
