/**
 * Token-based exporters for training NLP models: CoNLL with strict IOB2 tags (one tag column per
 * label, so a claim inside a quote keeps both) and spaCy / Prodigy span JSONL whose tokens give
 * the text back exactly. Neither carries everything: CoNLL has no links; spans that do not fall
 * on token boundaries are widened to the tokens they touch and listed, never silently dropped.
 * Tokens and sentences come from `tokenize` and `sentences` (`Intl.Segmenter`).
 */
import { sentences, tokenize, type ExportContext, type Exporter, type Token } from './export-core.js';
import type { ArticleDoc, Span } from '../model/types.js';
import { OffsetConverter, textOffset } from '../model/offsets.js';
import { linkTypeDef } from '../model/schema.js';

/** Token index range [first, last] (inclusive) covering a fragment, and whether the fragment is exactly those tokens. */
type TokenRange = { first: number; last: number; exact: boolean };

/**
 * The tokens a fragment [start, end) touches, whitespace tokens at either edge left out (a
 * fragment of whitespace alone keeps its whitespace tokens). Binary search: O(log n + k).
 */
function tokenRange(tokens: readonly Token[], start: number, end: number): TokenRange | undefined {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  let first = lo;
  let last = lo - 1;
  while (last + 1 < tokens.length && tokens[last + 1]!.start < end) last++;
  if (last < first) return undefined;
  const all = { first, last };
  while (first <= last && tokens[first]!.space) first++;
  while (last >= first && tokens[last]!.space) last--;
  if (last < first) ({ first, last } = all);
  return { first, last, exact: tokens[first]!.start === start && tokens[last]!.end === end };
}

/** The token ranges of every fragment, by span id, and the ids of the spans not exactly on token boundaries. */
function rangesOf(doc: ArticleDoc, tokens: readonly Token[]): { ranges: Map<string, (TokenRange | undefined)[]>; off: Set<string> } {
  const ranges = new Map<string, (TokenRange | undefined)[]>();
  const off = new Set<string>();
  for (const s of doc.spans) {
    const rs = s.fragments.map((f) => tokenRange(tokens, f.start, f.end));
    ranges.set(s.id, rs);
    if (rs.some((r) => !r?.exact)) off.add(s.id);
  }
  return { ranges, off };
}

const widenedWarning = (ctx: ExportContext, tool: string, off: Set<string>) => {
  if (off.size) ctx.warn(`${tool}: some spans do not fall on token boundaries; they were widened to the tokens they touch (whitespace at their edges left out) and are listed per document.`);
};

/** What the CoNLL header says about tags and sentences (the choice strict IOB2 asks for). */
export const CONLL_SENTENCE_RULE = 'a sentence is never broken inside a span: sentences that a span crosses are written as one';

export const conllExporter: Exporter = {
  name: 'conll', description: 'CoNLL: tokens with strict IOB2 tags, one column per label, sentence breaks', kind: 'file', defaultUnit: 'codepoint', extension: '.conll',
  header: (ctx) => [
    `# sourcemark conll: columns = TOKEN START END ${ctx.schema.labels.map((l) => l.name.toUpperCase()).join(' ')}`,
    '# tags are strict IOB2 per label column: every entity starts with B-, and each fragment of a discontinuous span is an entity',
    `# sentences are separated by a blank line; ${CONLL_SENTENCE_RULE}`,
    `# offsets in ${ctx.unit === 'utf16' ? 'UTF-16 code units' : 'code points'}, end exclusive; whitespace is not a token; links are not carried by this format`,
    '', '',
  ].join('\n'),
  chunk: (doc, ctx) => {
    if (doc.links.length) ctx.warn('CoNLL has no links: links were left out (see the header comment).');
    const text = doc.article.text;
    const tokens = tokenize(text, doc.article.metadata.language);
    const conv = new OffsetConverter(text);
    const labels = ctx.schema.labels.map((l) => l.name);
    const tags = tokens.map(() => labels.map(() => 'O'));
    const { ranges, off } = rangesOf(doc, tokens);
    widenedWarning(ctx, 'CoNLL', off);
    // Token indices where a sentence may not begin because a fragment runs across them.
    const inside = new Int32Array(tokens.length + 1);
    const dropped: string[] = [];
    // Longer spans first, so a span nested in another of the same label still starts with B.
    const ordered = [...doc.spans].sort((a, b) => (b.fragments.at(-1)!.end - b.fragments[0]!.start) - (a.fragments.at(-1)!.end - a.fragments[0]!.start));
    for (const s of ordered) {
      const col = labels.indexOf(s.label);
      if (col < 0) continue;
      for (const r of ranges.get(s.id)!) {
        if (!r || tokens[r.first]!.space) {
          dropped.push(s.id); // whitespace alone: CoNLL writes no whitespace tokens
          continue;
        }
        inside[r.first + 1]!++;
        inside[r.last + 1]!--;
        for (let i = r.first; i <= r.last; i++) if (!tokens[i]!.space) tags[i]![col] = i === r.first ? `B-${s.label}` : `I-${s.label}`;
      }
    }
    if (dropped.length) ctx.warn('CoNLL: some span fragments cover only whitespace, which is not a token; they were left out and are listed per document.');
    const lines = [`# doc_id = ${doc.article.id}`, `# title = ${doc.article.title.replace(/\s+/g, ' ')}`];
    if (off.size) lines.push(`# widened = ${[...off].join(' ')}`);
    if (dropped.length) lines.push(`# left_out = ${[...new Set(dropped)].join(' ')}`);
    let depth = 0;
    let at = 0;
    let open = false;
    for (const [a, b] of sentences(text, tokens, doc.article.metadata.language)) {
      for (; at <= a; at++) depth += inside[at]!;
      if (open && depth === 0) {
        lines.push('');
        open = false;
      }
      for (let i = a; i < b; i++) {
        const t = tokens[i]!;
        if (t.space) continue;
        lines.push([t.text, conv.toUnit(textOffset(t.start), ctx.unit), conv.toUnit(textOffset(t.end), ctx.unit), ...tags[i]!].join('\t'));
        open = true;
      }
    }
    if (open) lines.push('');
    return lines.join('\n') + '\n';
  },
};

type SpacySpan = { start: number; end: number; token_start: number; token_end: number; label: string };

export const spacyExporter: Exporter = {
  name: 'spacy', description: 'spaCy / Prodigy span JSONL (text, tokens with whitespace, spans, relations)', kind: 'file', defaultUnit: 'codepoint', extension: '.jsonl',
  chunk: (doc, ctx) => {
    const text = doc.article.text;
    const tokens = tokenize(text, doc.article.metadata.language);
    const conv = new OffsetConverter(text);
    const u = (n: number) => conv.toUnit(textOffset(n), ctx.unit);
    const { ranges, off } = rangesOf(doc, tokens);
    widenedWarning(ctx, 'spaCy', off);
    const first = new Map<string, SpacySpan>();
    const spans: SpacySpan[] = [];
    const split = doc.spans.filter((s) => s.fragments.length > 1);
    if (split.length) ctx.warn('spaCy spans are contiguous: spans of several fragments were written as one span per fragment (listed per document).');
    for (const s of doc.spans) {
      for (const r of ranges.get(s.id)!) {
        if (!r) continue;
        const sp = { start: u(tokens[r.first]!.start), end: u(tokens[r.last]!.end), token_start: r.first, token_end: r.last, label: s.label };
        if (!first.has(s.id)) first.set(s.id, sp);
        spans.push(sp);
      }
    }
    const relations = doc.links.flatMap((l) => {
      const head = first.get(l.from);
      const child = first.get(l.to);
      return head && child ? [{ head: head.token_start, child: child.token_start, head_span: head, child_span: child, label: linkTypeDef(ctx.schema, l.type)?.exportName ?? l.type }] : [];
    });
    const byId = new Map(doc.spans.map((s) => [s.id, s] as [string, Span]));
    return JSON.stringify({
      text,
      tokens: tokens.map((t, id) => ({ text: t.text, start: u(t.start), end: u(t.end), id, ws: t.ws })),
      spans, relations,
      meta: {
        id: doc.article.id, title: doc.article.title, offsets: ctx.unit,
        ...(off.size ? { widened: [...off].map((id) => `${id} (${byId.get(id)!.label}: "${byId.get(id)!.fragments.map((f) => f.text).join(' … ')}")`) } : {}),
        ...(split.length ? { split: split.map((s) => s.id) } : {}),
      },
    }) + '\n';
  },
};
