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
   * The value for `key` as fresh as `version` at least: kept from a computation made under this version or a
   * later one, or from `compute`. One computation runs for a key at a time; requests under a newer version than
   * the running one wait for it to end and then share the next, so readers opening a page while others write every
   * few milliseconds cost one recount after another, never one each. A computation that fails is not kept.
   */
  get(db: Db, version: string, key: string, compute: () => Promise<V>): Promise<V>;
};

/** One key's value and computations. A version is a count that only grows (readDataVersion). */
type Slot<V> = {
  kept?: { version: bigint; value: V };
  running?: { version: bigint; done: Promise<V> };
  /** Starts when `running` ends, under the newest version its waiters read, with the newest one's compute. */
  next?: {
    version: bigint;
    compute: () => Promise<V>;
    done: Promise<V>;
    resolve: (value: V) => void;
    reject: (error: unknown) => void;
  };
};

/** `max` keys per database; a key not asked for in a while is forgotten. */
export function versionedCache<V extends Cacheable>(max: number): VersionedCache<V> {
  // Per database: tests and benchmarks run several databases in one process, each with its own version 1, 2, …
  const caches = new WeakMap<Db, LRUCache<string, Slot<V>>>();

  function run(slot: Slot<V>, version: bigint, compute: () => Promise<V>): Promise<V> {
    const done = Promise.resolve()
      .then(compute)
      .then((value) => {
        if (!slot.kept || slot.kept.version < version) slot.kept = { version, value };
        return value;
      });
    slot.running = { version, done };
    const runNext = () => {
      slot.running = undefined;
      const next = slot.next;
      if (!next) return;
      slot.next = undefined;
      run(slot, next.version, next.compute).then(next.resolve, next.reject);
    };
    done.then(runNext, runNext);
    return done;
  }

  return {
    get(db, version, key, compute) {
      let cache = caches.get(db);
      if (!cache) {
        cache = new LRUCache({ max });
        caches.set(db, cache);
      }
      let slot = cache.get(key);
      if (!slot) {
        slot = {};
        cache.set(key, slot);
      }
      const v = BigInt(version);
      // A value computed under a later version is fresher still: its computation read the data after that.
      if (slot.kept && slot.kept.version >= v) return Promise.resolve(slot.kept.value);
      if (slot.running && slot.running.version >= v) return slot.running.done;
      if (!slot.running) return run(slot, v, compute);
      if (!slot.next) {
        let resolve!: (value: V) => void;
        let reject!: (error: unknown) => void;
        const done = new Promise<V>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        slot.next = { version: v, compute, done, resolve, reject };
      } else if (slot.next.version < v) {
        Object.assign(slot.next, { version: v, compute });
      }
      return slot.next.done;
    },
  };
}
