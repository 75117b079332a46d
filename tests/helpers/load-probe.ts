// What a piece of work costs the rest of the process: the longest the event loop went without turning (a 5 ms
// timer that fires late by that much) and how far the resident memory rose above where it started.
export type Load<T> = {
  outcome: PromiseSettledResult<T>;
  ms: number;
  maxStallMs: number;
  rssGrowthMb: number;
};

const tickMs = 5;

export async function measureLoad<T>(work: () => Promise<T>): Promise<Load<T>> {
  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;
  let last = performance.now();
  let maxStall = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    maxStall = Math.max(maxStall, now - last - tickMs);
    last = now;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, tickMs);
  const started = performance.now();
  const [outcome] = await Promise.allSettled([work()]);
  const ms = performance.now() - started;
  // One more tick, so a stall at the very end of the work is seen too.
  await new Promise((resolve) => setTimeout(resolve, tickMs * 4));
  clearInterval(probe);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return { outcome, ms, maxStallMs: maxStall, rssGrowthMb: (peakRss - rssBefore) / 1024 / 1024 };
}

/** The message of a rejected outcome, or a marker that the work succeeded, for an `expect` to compare. */
export function refusalOf(outcome: PromiseSettledResult<unknown>): string {
  if (outcome.status === "fulfilled") return "(not refused)";
  return outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
}
