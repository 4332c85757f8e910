/**
 * The features a learned tagger sees for each token (words, lemmas, shapes, POS, neighbours,
 * inside quotation marks, distance to the nearest cue word, the rules' own tag), and the BIO
 * tags that turn spans into token labels and back. One tagger per label, so labels may overlap
 * (a Claim inside a Quote). Offsets are UTF-16 code units into the article's text.
 */

import type { Span } from '../model/types.js';
import { analyse, type Analysis, type Tok } from './nlp.js';
import { isCue, ruleSuggestions, DEFAULT_CUES } from './rules.js';
import { quotedStretches } from './quotes.js';
import type { Proposal, Range } from './proposal.js';

export type Tag = 'O' | 'B' | 'I';
export const TAGS: readonly Tag[] = ['O', 'B', 'I'];

/** A document prepared once for tagging: tokens, the rules' proposal and per-token context. */
export type Prepared = {
  analysis: Analysis;
  rules: Proposal;
  /** Per label, the rules' BIO tag of each token. */
  ruleTags: Map<string, Tag[]>;
  /** Per token, its features that do not depend on the label or the previous tags. */
  base: string[][];
};

const shape = (w: string) => w.replace(/[A-Z]+/g, 'X').replace(/[a-z]+/g, 'x').replace(/[0-9]+/g, 'd').slice(0, 6);
const bucket = (d: number) => (d === 0 ? '0' : d > 0 ? (d <= 3 ? `+${d}` : d <= 8 ? '+far' : '+vfar') : d >= -3 ? `${d}` : d >= -8 ? '-far' : '-vfar');

/** The BIO tags of `tokens` for `spans` (fragments as separate stretches). */
export function bioTags(tokens: readonly Tok[], spans: readonly Pick<Span, 'fragments'>[] | readonly { fragments: Range[] }[]): Tag[] {
  const tags: Tag[] = tokens.map(() => 'O');
  let i = 0;
  const frags = spans.flatMap((s) => s.fragments as readonly Range[]).sort((a, b) => a.start - b.start);
  for (const f of frags) {
    while (i < tokens.length && tokens[i]!.end <= f.start) i++;
    let first = true;
    for (let j = i; j < tokens.length && tokens[j]!.start < f.end; j++) {
      tags[j] = first ? 'B' : 'I';
      first = false;
    }
  }
  return tags;
}

/** The stretches that `tags` mark, as character ranges (a stray I starts a stretch). */
export function stretchesOf(tokens: readonly Tok[], tags: readonly Tag[]): Range[] {
  const out: Range[] = [];
  let cur: Range | undefined;
  tags.forEach((t, i) => {
    const tok = tokens[i]!;
    if (t === 'B' || (t === 'I' && !cur)) {
      if (cur) out.push(cur);
      cur = { start: tok.start, end: tok.end };
    } else if (t === 'I' && cur) cur.end = tok.end;
    else if (cur) {
      out.push(cur);
      cur = undefined;
    }
  });
  if (cur) out.push(cur);
  return out;
}

/** Prepares `text` for tagging with the given cue lemmas (defaults plus learned ones). */
export function prepare(text: string, labels: readonly string[], extraCues: readonly string[] = [], known?: Analysis): Prepared {
  const analysis = known ?? analyse(text);
  const rules = ruleSuggestions(text, { analysis, extraCues });
  const { tokens } = analysis;
  const ruleTags = new Map(labels.map((l) => [l, bioTags(tokens, rules.spans.filter((s) => s.label === l))]));
  const cues = new Set([...DEFAULT_CUES, ...extraCues]);
  const quoted = new Uint8Array(tokens.length);
  let q = 0;
  for (const st of quotedStretches(text).flat()) {
    while (q < tokens.length && tokens[q]!.end <= st.start) q++;
    for (let j = q; j < tokens.length && tokens[j]!.start < st.end; j++) quoted[j] = 1;
  }
  const cueAt = tokens.map((t) => isCue(t, cues));
  const base = tokens.map((t, i) => {
    const sent = analysis.sentences[t.sentence]!;
    let dist = 99;
    for (let j = sent.first; j <= sent.last; j++) if (cueAt[j] && Math.abs(j - i) < Math.abs(dist)) dist = j - i;
    const w = (k: number) => tokens[i + k]?.lower ?? (k < 0 ? '<s>' : '</s>');
    const p = (k: number) => tokens[i + k]?.pos ?? (k < 0 ? '<s>' : '</s>');
    return [
      'b', `w=${t.lower}`, `l=${t.lemma}`, `sh=${shape(t.text)}`, `p=${t.pos}`, `s3=${t.lower.slice(-3)}`,
      `w-1=${w(-1)}`, `w+1=${w(1)}`, `p-1=${p(-1)}`, `p+1=${p(1)}`, `p-2=${p(-2)}`, `p+2=${p(2)}`, `p-1p=${p(-1)}|${t.pos}`, `pp+1=${t.pos}|${p(1)}`,
      `q=${quoted[i]}`, `q-1=${quoted[i - 1] ?? 0}`, `q+1=${quoted[i + 1] ?? 0}`, `cue=${cueAt[i] ? 1 : 0}`, `cd=${dist === 99 ? 'none' : bucket(dist)}`,
      `first=${i === sent.first ? 1 : 0}`, `last=${i === sent.last ? 1 : 0}`,
    ];
  });
  return { analysis, rules, ruleTags, base };
}

/** The features of token `i` for `label`'s tagger, given the two previous tags. */
export function tokenFeatures(p: Prepared, label: string, i: number, prev: Tag, prev2: Tag): string[] {
  const rt = p.ruleTags.get(label)!;
  const r = rt[i]!;
  return [
    ...p.base[i]!, `r=${r}`, `r-1=${rt[i - 1] ?? 'O'}`, `r+1=${rt[i + 1] ?? 'O'}`, `rw=${r}|${p.analysis.tokens[i]!.lower}`,
    `t-1=${prev}`, `t-2=${prev}|${prev2}`, `t-1r=${prev}|${r}`, `t-1w=${prev}|${p.analysis.tokens[i]!.lower}`,
  ];
}
