/**
 * JSON that diffs and merges well under git: keys in a fixed order (`type`, `version`, `id`
 * first, then alphabetical), arrays in the order given, two-space indentation, a final newline.
 */

const FIRST = ['type', 'version', 'id'];

function order(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(order);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  keys.sort((a, b) => {
    const ia = FIRST.indexOf(a);
    const ib = FIRST.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = order(obj[k]);
  return out;
}

/** Serialises `value` with a stable key order, pretty-printed, ending in a newline. */
export const stableStringify = (value: unknown): string => JSON.stringify(order(value), null, 2) + '\n';
