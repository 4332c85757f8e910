/**
 * spaCy / Prodigy span JSONL, for training NLP models: the text, its tokens with their
 * whitespace (they give the text back exactly: `Doc(vocab, words, spaces)`), spans on token
 * indices and relations between them. Export only. Spans of several fragments become one span
 * per fragment, and spans off token boundaries are widened to the tokens they touch; both are
 * listed in each line's `meta`, with a warning. Tokens come from annotations/text/segments.ts.
 */
import { rangesOf, widenedWarning, type Exporter } from './core.js';
import { tokenize } from '../text/segments.js';
import type { Span } from '../model/types.js';
import { OffsetConverter, textOffset } from '../model/offsets.js';
import { linkTypeDef } from '../model/schema.js';

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
