/**
 * The article's words as the suggesters see them: tokens with their offsets, part of speech and
 * lemma, and sentences, from wink-nlp with its English lite web model (pure JavaScript, no I/O,
 * no download: usable here in annotations/). Offsets are {@link TextOffset}-like UTF-16 code
 * units into the text, end exclusive. The model loads once, on first use (about 0.1 s).
 */

import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** One token of the text. */
export type Tok = {
  start: number;
  end: number;
  text: string;
  /** Lower case. */
  lower: string;
  lemma: string;
  /** Universal POS tag (`VERB`, `PROPN`, `PUNCT`…). */
  pos: string;
  /** Index of its sentence in {@link Analysis.sentences}. */
  sentence: number;
};

/** A sentence as a range of token indices (`last` inclusive). */
export type Sentence = { first: number; last: number };

export type Analysis = { text: string; tokens: Tok[]; sentences: Sentence[] };

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;

function engine(): Nlp {
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  return nlp;
}

/**
 * Tokens and sentences of `text`. wink gives token values in order; each is found in the text
 * from where the previous one ended, so offsets follow the text exactly (a token wink altered
 * and that cannot be found is dropped).
 */
export function analyse(text: string): Analysis {
  const w = engine();
  const its = w.its;
  const doc = w.readDoc(text);
  // wink's declarations do not fit every helper to `out`; the values are strings per token.
  const out = doc.tokens() as unknown as { out: (f: unknown) => string[] };
  const values = out.out(its.value);
  const pos = out.out(its.pos);
  const lemmas = out.out(its.lemma);
  // `its.span` of a sentence is its first and last token index (wink's types only know token helpers here).
  const spans = (doc.sentences() as unknown as { out: (f: unknown) => [number, number][] }).out(its.span);
  const sentenceOf = new Int32Array(values.length);
  spans.forEach(([a, b], i) => {
    for (let k = a; k <= b && k < values.length; k++) sentenceOf[k] = i;
  });
  const tokens: Tok[] = [];
  const sentenceFirst: number[] = [];
  const sentenceLast: number[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const found = text.indexOf(v, at);
    if (found < 0 || found - at > 200 || !v.trim()) continue;
    const s = sentenceOf[i]!;
    const index = tokens.length;
    if (sentenceFirst[s] === undefined) sentenceFirst[s] = index;
    sentenceLast[s] = index;
    tokens.push({ start: found, end: found + v.length, text: v, lower: v.toLowerCase(), lemma: lemmas[i] ?? v.toLowerCase(), pos: pos[i] ?? 'X', sentence: s });
    at = found + v.length;
  }
  // Renumber sentences that kept at least one token, so indices are dense.
  const sentences: Sentence[] = [];
  const renumber = new Map<number, number>();
  for (let s = 0; s < spans.length; s++) {
    if (sentenceFirst[s] === undefined) continue;
    renumber.set(s, sentences.length);
    sentences.push({ first: sentenceFirst[s]!, last: sentenceLast[s]! });
  }
  for (const t of tokens) t.sentence = renumber.get(t.sentence) ?? 0;
  return { text, tokens, sentences };
}

/** The index of the first token ending after `offset` (tokens.length when none). */
export function tokenAt(tokens: readonly Tok[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
