// Caches that are never stale. The data version changes in the same transaction as every statement that writes
// tasks, task_co_units, units, users, leader_units, meetings or holiday_overrides (triggers in migration
// 20261124190904_unit_ids_data_version). So a value computed from those tables after reading version v can be
// kept under v and served until the version moves, whichever process or tool made the write: one read of 64 small
// rows per request instead of reloading the signed-in user or redrawing the ledger and the dashboard. The version
// is the sum of data_version's 64 rows, each writer bumping the one its transaction id picks (migration
// 20261203120000_data_version_shards), so that unrelated writers do not queue on one row lock.
import { LRUCache } from "lru-cache";
import type { Db } from "./open-database.ts";

export const dataVersionRows = 64;

export async function readDataVersion(db: Db): Promise<string> {
  const { _sum, _count } = await db.dataVersion.aggregate({ _sum: { version: true }, _count: true });
  // Without all its rows some writers' bumps would go nowhere and caches would go stale: refuse to serve instead.
  if (_count !== dataVersionRows) {
    throw new Error(
      `data_version has ${_count} rows, not ${dataVersionRows}: the migrations insert them, and nothing may delete one`,
    );
  }
  return String(_sum.version);
}

/** A value a cache can hold (lru-cache keeps neither undefined nor null). */
type Cacheable = NonNullable<unknown>;

export type VersionedCache<V extends Cacheable> = {
  /**
   * The value for `key` as computed under `version`: from the cache, or from `compute`, which runs once however
   * many requests ask for the same key at the same time. A computation that fails is not kept.
   */
  get(db: Db, version: string, key: string, compute: () => Promise<V>): Promise<V>;
};

/** `max` entries per database; entries of older versions are never asked for again and age out. */
export function versionedCache<V extends Cacheable>(max: number): VersionedCache<V> {
  // Per database: tests and benchmarks run several databases in one process, each with its own version 1, 2, …
  const caches = new WeakMap<Db, LRUCache<string, V, () => Promise<V>>>();
  return {
    async get(db, version, key, compute) {
      let cache = caches.get(db);
      if (!cache) {
        cache = new LRUCache({
          max,
          fetchMethod: (_key, _stale, { context }) => context(),
          // A newer version's entry may push out one still being computed; lru-cache would then reject the
          // requests waiting on it ("evicted"). They asked for that version's value: let them have it.
          ignoreFetchAbort: true,
        });
        caches.set(db, cache);
      }
      const value = await cache.fetch(`${version}\u0000${key}`, { context: compute });
      // fetchMethod only returns what compute resolved to, and V excludes undefined.
      return value as V;
    },
  };
}
