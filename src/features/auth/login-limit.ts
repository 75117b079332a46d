// Failed log-ins per client address and user name, kept in memory for the window. A success does not count and
// clears the name's record; several instances each keep their own (the limit per instance still stops guessing).
import { LRUCache } from "lru-cache";

export type LoginLimit = {
  /**
   * Reserves an attempt, or says how many milliseconds remain until one is allowed. The attempt counts as a
   * failure until `succeeded` is called, so parallel guesses cannot all slip past the check while argon2 works.
   */
  reserve(
    address: string,
    username: string,
    now: Date,
  ): { ok: true; key: string } | { ok: false; waitMs: number };
  succeeded(key: string): void;
};

/** One spelling per name: the schema trims (" ducha", "ducha\t", "\u3000ducha"), and width and case do not count. */
export function normaliseUsername(username: string): string {
  return username.normalize("NFKC").trim().toLowerCase();
}

export function createLoginLimit(maxFailures: number, windowMs: number): LoginLimit {
  const failures = new LRUCache<string, number[]>({ max: 100_000, ttl: windowMs });
  return {
    reserve(address, username, now) {
      const key = `${address}|${normaliseUsername(username)}`;
      const since = now.getTime() - windowMs;
      const recent = (failures.get(key) ?? []).filter((at) => at > since);
      if (recent.length >= maxFailures) return { ok: false, waitMs: recent[0]! + windowMs - now.getTime() };
      recent.push(now.getTime());
      failures.set(key, recent);
      return { ok: true, key };
    },
    succeeded(key) {
      failures.delete(key);
    },
  };
}
