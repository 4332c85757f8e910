/**
 * CoNLL, for training NLP models: tokens with strict IOB2 tags, one tag column per label (so a
 * claim inside a quote keeps both), sentences separated by blank lines. Export only. CoNLL has no
 * links (left out, with a warning); spans that do not fall on token boundaries are widened to the
 * tokens they touch and listed, never silently dropped. Tokens and sentences come from
 * annotations/text/segments.ts (`Intl.Segmenter`).
 */
import { rangesOf, widenedWarning, type Exporter } from './core.js';
import { sentences, tokenize } from '../text/segments.js';
import { OffsetConverter, textOffset } from '../model/offsets.js';

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
