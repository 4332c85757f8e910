/**
 * Identifiers: random, short, never derived from user text (a title or a label must not leak
 * into a file name or an id). Callers that need determinism (tests) pass their own {@link IdSource}.
 */

/** Makes a new id with the given prefix ("s" for spans, "l" for links, ...). */
export type IdSource = (prefix: string) => string;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

type RandomSource = { getRandomValues<T extends Uint8Array>(a: T): T };

/** A random id: prefix, a dash, then 12 base-32 characters (60 bits). */
export const randomId: IdSource = (prefix) => {
  const bytes = new Uint8Array(12);
  const c = (globalThis as { crypto?: RandomSource }).crypto;
  if (c) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let s = '';
  for (const b of bytes) s += ALPHABET[b & 31];
  return `${prefix}-${s}`;
};

/** A deterministic id source for tests: `prefix-1`, `prefix-2`, ... */
export function counterIds(): IdSource {
  let n = 0;
  return (prefix) => `${prefix}-${++n}`;
}

/** True for ids safe to use as a file name (no path separators, no dots at the start). */
export const isSafeId = (id: string): boolean => /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(id);
