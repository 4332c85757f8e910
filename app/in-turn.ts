/**
 * Work on many items with a few at a time in flight: for reading many files, so the disk's waits
 * overlap the parsing of the files already read, without opening them all at once.
 *
 * Must not: hold state between calls.
 */

/**
 * Calls `work` on every item of `items`, at most `atOnce` at a time, each next item started when
 * one ends. Resolves once every call has ended; rejects with the first failure once the calls
 * under way have ended (no new one starts after a failure).
 */
export async function inTurn<T>(items: readonly T[], atOnce: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        await work(items[i]!, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(atOnce, items.length)) }, lane));
  if (failure) throw failure.error;
}
