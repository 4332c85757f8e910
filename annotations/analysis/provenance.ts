/**
 * Quote provenance (issue 21): the same statement travels between outlets. Quotes of different
 * articles that say the same or nearly the same thing are grouped, robust to trimmed words and
 * changed punctuation, and each group lists its articles in date order, the earliest first.
 *
 * How: each quote's text is normalised ({@link normalise}: case, accents, quotation marks and
 * punctuation gone), cut into shingles ({@link shingles}: its content words, stemmed, since
 * reported speech travels reworded), summarised by a MinHash signature ({@link minhash}, 64
 * hashes) and bucketed by LSH banding (64 bands of one row; a band shared by more than 500
 * quotes is too common to tell anything), so only quotes sharing a band are compared. A candidate pair joins ({@link sameStatement}) when the Jaccard similarity of their
 * shingle sets is at least 0.5, or when at least half of the smaller set, and four words, are
 * in the larger (a quote trimmed, or quoted within more). Groups are the connected
 * components; the user's decisions ({@link ProvenanceDecisions}) are applied on top: a split
 * cuts the pairs between the members it moves out and the rest, a confirmation marks a group.
 */

import type { ArticleFacts } from './corpus.js';

/** A quote as provenance groups it. `key` is `<articleId>/<spanId>`. */
export type ProvenanceQuote = { key: string; articleId: string; spanId: string; text: string; title: string; outlet?: string; published?: string; start: number; end: number };

/** The user's decisions, stored in the project (`provenance.json`). */
export type ProvenanceDecisions = {
  /** Ids of groups the user confirmed (a group's id is the key of its earliest member). */
  confirmed: string[];
  /** Each split: `members` moved out of a group whose members were `from`. */
  splits: { members: string[]; from: string[] }[];
};

export type ProvenanceGroup = { id: string; confirmed: boolean; members: ProvenanceQuote[]; similarity: number };

export const EMPTY_DECISIONS: ProvenanceDecisions = { confirmed: [], splits: [] };

const HASHES = 64;
const BANDS = 64;
/** A bucket this full holds a word every other quote has: too common to find a statement by. */
const MAX_BUCKET = 500;
const ROWS = HASHES / BANDS;
const JACCARD = 0.5;
const CONTAINMENT = 0.5;
/** Content words two quotes must share to be grouped by containment. */
const SHARED = 4;

/** Lower case, no accents, curly and straight quotes and other punctuation as spaces, one space between words. */
export function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Words too common to say what a statement is about (English). */
const STOPWORDS = new Set(('a an the and or but of to in on at by for from with as into onto over under about after before ' +
  'is are was were be been being has have had do does did will would shall should can could may might must ' +
  'it its this that these those there here he she they we you i me him her them us our their his my your ' +
  'not no any all some who which what when where than then so also said says say told').split(' '));

/** A crude English stem: `retreated`, `retreating` and `retreat` are one word. */
export function stem(word: string): string {
  let w = word;
  for (const suffix of ['ing', 'ed', 'es', 's', 'ly']) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

/**
 * The shingles of a normalised text: its content words, stemmed (1-word shingles). Reported
 * speech travels reworded ("had completed the withdrawal" / "the withdrawal was completed"),
 * so word order is not kept; the thresholds of {@link similarPairs} keep short texts apart.
 */
export function shingles(normalised: string): Set<string> {
  return new Set(normalised.split(' ').filter((w) => w && !STOPWORDS.has(w)).map(stem));
}

/** FNV-1a over a string, 32 bits, with a seed. */
function hash(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

/** The MinHash signature of a shingle set: for each of `n` hash functions, the smallest hash. */
export function minhash(set: Set<string>, n = HASHES): Uint32Array {
  const sig = new Uint32Array(n).fill(0xffffffff);
  for (const s of set) {
    const a = hash(s, 0);
    const b = hash(s, 0x9e3779b9) | 1;
    for (let i = 0; i < n; i++) {
      const v = (a + Math.imul(i, b)) >>> 0;
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** Jaccard similarity and containment (of the smaller in the larger) of two sets. */
export function similarity(a: Set<string>, b: Set<string>): { jaccard: number; containment: number; shared: number } {
  if (!a.size || !b.size) return { jaccard: 0, containment: 0, shared: 0 };
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return { jaccard: shared / (a.size + b.size - shared), containment: shared / small.size, shared };
}

/** True when two shingle sets say the same thing: equal, half alike (Jaccard), or the smaller half in the larger with four words in common. */
export function sameStatement(s: { jaccard: number; containment: number; shared: number }): boolean {
  return s.jaccard === 1 || (s.shared >= 2 && s.jaccard >= JACCARD) || (s.shared >= SHARED && s.containment >= CONTAINMENT);
}

/** The quotes of `articles` (counted once per article and position, whichever layers marked them). */
export function quotesOf(articles: Iterable<ArticleFacts>): ProvenanceQuote[] {
  const out: ProvenanceQuote[] = [];
  for (const a of articles) {
    const seen = new Set<string>();
    for (const q of a.quotes) {
      const at = `${q.start}-${q.end}`;
      if (seen.has(at)) continue;
      seen.add(at);
      out.push({
        key: `${a.id}/${q.spanId}`, articleId: a.id, spanId: q.spanId, text: q.text, title: a.title, start: q.start, end: q.end,
        ...(a.outlet ? { outlet: a.outlet } : {}), ...(a.published ? { published: a.published } : {}),
      });
    }
  }
  return out;
}

/** The pairs of quotes (indexes into `quotes`, in different articles) that say nearly the same thing, with their similarity. */
export function similarPairs(quotes: readonly ProvenanceQuote[]): { i: number; j: number; score: number }[] {
  const sets = quotes.map((q) => shingles(normalise(q.text)));
  const buckets = new Map<string, number[]>();
  sets.forEach((set, i) => {
    if (!set.size) return;
    const sig = minhash(set);
    for (let b = 0; b < BANDS; b++) {
      const key = `${b}:${Array.from(sig.subarray(b * ROWS, (b + 1) * ROWS)).join(',')}`;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
  });
  const tried = new Set<string>();
  const pairs: { i: number; j: number; score: number }[] = [];
  for (const list of buckets.values()) {
    if (list.length > MAX_BUCKET) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!;
        const j = list[y]!;
        if (quotes[i]!.articleId === quotes[j]!.articleId || tried.has(`${i},${j}`)) continue;
        tried.add(`${i},${j}`);
        const s = similarity(sets[i]!, sets[j]!);
        if (sameStatement(s)) pairs.push({ i, j, score: Math.max(s.jaccard, s.containment) });
      }
    }
  }
  return pairs;
}

const dateOrder = (x: ProvenanceQuote, y: ProvenanceQuote) =>
  (x.published ?? '\uffff').localeCompare(y.published ?? '\uffff') || x.articleId.localeCompare(y.articleId) || x.start - y.start;

/**
 * The provenance groups of `quotes`: quotes in two or more articles that say the same thing,
 * members in date order (undated last), groups by their earliest member's date; `decisions`
 * applied (splits cut pairs, confirmations mark groups).
 */
export function provenanceGroups(quotes: readonly ProvenanceQuote[], decisions: ProvenanceDecisions = EMPTY_DECISIONS): ProvenanceGroup[] {
  const cut = new Set<string>();
  for (const s of decisions.splits) {
    const moved = new Set(s.members);
    for (const m of s.members) for (const o of s.from) if (!moved.has(o)) cut.add(`${m}|${o}`).add(`${o}|${m}`);
  }
  const parent = quotes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const best = new Map<number, number>();
  const pairs = similarPairs(quotes).filter(({ i, j }) => !cut.has(`${quotes[i]!.key}|${quotes[j]!.key}`));
  for (const { i, j } of pairs) parent[find(i)] = find(j);
  for (const { i, score } of pairs) {
    const r = find(i);
    best.set(r, Math.min(best.get(r) ?? 1, score));
  }
  const byRoot = new Map<number, ProvenanceQuote[]>();
  quotes.forEach((q, i) => {
    const r = find(i);
    byRoot.set(r, [...(byRoot.get(r) ?? []), q]);
  });
  const confirmed = new Set(decisions.confirmed);
  const groups: ProvenanceGroup[] = [];
  for (const [root, members] of byRoot) {
    if (new Set(members.map((m) => m.articleId)).size < 2) continue;
    members.sort(dateOrder);
    const id = members[0]!.key;
    groups.push({ id, confirmed: confirmed.has(id), members, similarity: Math.round((best.get(root) ?? 1) * 100) / 100 });
  }
  return groups.sort((x, y) => dateOrder(x.members[0]!, y.members[0]!));
}

/** `decisions` with group `id` confirmed (or no longer confirmed). */
export function confirmGroup(decisions: ProvenanceDecisions, id: string, confirmed = true): ProvenanceDecisions {
  const rest = decisions.confirmed.filter((x) => x !== id);
  return { ...decisions, confirmed: confirmed ? [...rest, id] : rest };
}

/** `decisions` with `members` split off `group` (the group's member keys). */
export function splitGroup(decisions: ProvenanceDecisions, group: readonly string[], members: readonly string[]): ProvenanceDecisions {
  return { ...decisions, splits: [...decisions.splits, { members: [...members], from: [...group] }] };
}
