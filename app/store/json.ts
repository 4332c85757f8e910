/**
 * JSON that diffs and merges well under git: keys in a fixed order (`type`, `version`, `id`
 * first, then alphabetical), arrays in the order given, two-space indentation, a final newline.
 */

const FIRST = ['type', 'version', 'id'];

/** The keys of `obj` that hold a value, in the stable order. */
function orderedKeys(obj: Record<string, unknown>): string[] {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  return keys.sort((a, b) => {
    const ia = FIRST.indexOf(a);
    const ib = FIRST.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

function order(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(order);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of orderedKeys(obj)) out[k] = order(obj[k]);
  return out;
}

/** Serialises `value` with a stable key order, pretty-printed, ending in a newline. */
export const stableStringify = (value: unknown): string => JSON.stringify(order(value), null, 2) + '\n';

const indentLines = (text: string, by: string): string => text.replaceAll('\n', `\n${by}`);

/**
 * {@link stableStringify} of an object whose arrays hold items that are never changed in place
 * (the model's spans, links and events): the text of each such item is kept in `cache` by the
 * item itself and reused, so a save of a layer of thousands of spans serialises only the spans
 * an edit made. The text is exactly what {@link stableStringify} gives (layer-write.test.ts).
 */
export function stableStringifyItems(value: Record<string, unknown>, cache: WeakMap<object, string>): string {
  const item = (x: unknown): string => {
    if (x === null || typeof x !== 'object') return JSON.stringify(x) ?? 'null';
    let text = cache.get(x);
    if (text === undefined) cache.set(x, (text = indentLines(JSON.stringify(order(x), null, 2), '    ')));
    return text;
  };
  const field = (v: unknown): string =>
    Array.isArray(v) ? (v.length ? `[\n    ${v.map(item).join(',\n    ')}\n  ]` : '[]') : indentLines(JSON.stringify(order(v), null, 2), '  ');
  const keys = orderedKeys(value);
  if (!keys.length) return '{}\n';
  return `{\n${keys.map((k) => `  ${JSON.stringify(k)}: ${field(value[k])}`).join(',\n')}\n}\n`;
}
