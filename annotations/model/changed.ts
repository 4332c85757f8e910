/**
 * What differs between two versions of a list of items the model never changes in place (an
 * edit makes a new span, link or event and keeps every other one as it was): the run of items
 * between their longest common start and end, compared by identity. An edit of one span of
 * thousands leaves a run of one or two, so checks that run on every edit look at what changed
 * instead of at every item.
 */

/** The items of `before` and of `after` between their common start and end (by identity); two empty runs when the lists hold the same items. */
export function changedRun<T>(before: readonly T[], after: readonly T[]): { before: readonly T[]; after: readonly T[] } {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before[start] === after[start]) start++;
  let end = 0;
  while (end < shorter - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { before: before.slice(start, before.length - end), after: after.slice(start, after.length - end) };
}
