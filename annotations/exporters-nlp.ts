/**
 * Token-based exporters for training NLP models: CoNLL with IOB2 tags (one tag column per label,
 * so a claim inside a quote keeps both) and spaCy / Prodigy span JSONL. Neither carries
 * everything: CoNLL has no links; spans that do not fall on token boundaries are widened to the
 * tokens they touch and listed, never silently dropped.
 */
import { sentences, tokenize, type ExportContext, type Exporter, type Token } from './export-core.js';
import type { ArticleDoc, Span } from './model.js';
import { OffsetConverter, textOffset } from './offsets.js';
import { linkTypeDef } from './schema.js';

/** Token index range [first, last] covering a fragment, and whether it is exactly on token boundaries. */
function tokenRange(tokens: readonly Token[], start: number, end: number): { first: number; last: number; exact: boolean } | undefined {
  let first = -1;
  let last = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.end > start && t.start < end) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return undefined;
  return { first, last, exact: tokens[first]!.start === start && tokens[last]!.end === end };
}

function misaligned(doc: ArticleDoc, tokens: readonly Token[], ctx: ExportContext, tool: string): Set<string> {
  const out = new Set<string>();
  for (const s of doc.spans) for (const f of s.fragments) if (!tokenRange(tokens, f.start, f.end)?.exact) out.add(s.id);
  if (out.size) ctx.warn(`${tool}: some spans do not fall on token boundaries; they were widened to the tokens they touch and are listed per document.`);
  return out;
}

export const conllExporter: Exporter = {
  name: 'conll', description: 'CoNLL: tokens with IOB2 tags, one column per label, sentence breaks', kind: 'file', defaultUnit: 'codepoint', extension: '.conll',
  header: (ctx) => [
    `# sourcemark conll: columns = TOKEN START END ${ctx.schema.labels.map((l) => l.name.toUpperCase()).join(' ')}`,
    `# tags are IOB2 per label column; offsets in ${ctx.unit === 'utf16' ? 'UTF-16 code units' : 'code points'}; links are not carried by this format`,
    '', '',
  ].join('\n'),
  chunk: (doc, ctx) => {
    if (doc.links.length) ctx.warn('CoNLL has no links: links were left out (see the header comment).');
    const text = doc.article.text;
    const tokens = tokenize(text);
    const conv = new OffsetConverter(text);
    const labels = ctx.schema.labels.map((l) => l.name);
    const tags = tokens.map(() => labels.map(() => 'O'));
    const off = misaligned(doc, tokens, ctx, 'CoNLL');
    // Longer spans first, so a span nested in another of the same label still starts with B.
    const ordered = [...doc.spans].sort((a, b) => (b.fragments.at(-1)!.end - b.fragments[0]!.start) - (a.fragments.at(-1)!.end - a.fragments[0]!.start));
    for (const s of ordered) {
      const col = labels.indexOf(s.label);
      if (col < 0) continue;
      for (const f of s.fragments) {
        const r = tokenRange(tokens, f.start, f.end);
        if (!r) continue;
        for (let i = r.first; i <= r.last; i++) tags[i]![col] = i === r.first ? `B-${s.label}` : `I-${s.label}`;
      }
    }
    const lines = [`# doc_id = ${doc.article.id}`, `# title = ${doc.article.title.replace(/\n/g, ' ')}`];
    if (off.size) lines.push(`# widened = ${[...off].join(' ')}`);
    for (const [a, b] of sentences(text, tokens)) {
      for (let i = a; i < b; i++) {
        const t = tokens[i]!;
        lines.push([t.text, conv.toUnit(textOffset(t.start), ctx.unit), conv.toUnit(textOffset(t.end), ctx.unit), ...tags[i]!].join('\t'));
      }
      lines.push('');
    }
    return lines.join('\n') + '\n';
  },
};

type SpacySpan = { start: number; end: number; token_start: number; token_end: number; label: string };

export const spacyExporter: Exporter = {
  name: 'spacy', description: 'spaCy / Prodigy span JSONL (text, tokens, spans, relations)', kind: 'file', defaultUnit: 'codepoint', extension: '.jsonl',
  chunk: (doc, ctx) => {
    const text = doc.article.text;
    const tokens = tokenize(text);
    const conv = new OffsetConverter(text);
    const u = (n: number) => conv.toUnit(textOffset(n), ctx.unit);
    const off = misaligned(doc, tokens, ctx, 'spaCy');
    const first = new Map<string, SpacySpan>();
    const spans: SpacySpan[] = [];
    const split = doc.spans.filter((s) => s.fragments.length > 1);
    if (split.length) ctx.warn('spaCy spans are contiguous: spans of several fragments were written as one span per fragment (listed per document).');
    for (const s of doc.spans) {
      for (const f of s.fragments) {
        const r = tokenRange(tokens, f.start, f.end);
        if (!r) continue;
        const sp = { start: u(tokens[r.first]!.start), end: u(tokens[r.last]!.end), token_start: r.first, token_end: r.last, label: s.label };
        if (!first.has(s.id)) first.set(s.id, sp);
        spans.push(sp);
      }
    }
    const relations = doc.links.map((l) => {
      const head = first.get(l.from)!;
      const child = first.get(l.to)!;
      return { head: head.token_start, child: child.token_start, head_span: head, child_span: child, label: linkTypeDef(ctx.schema, l.type)?.exportName ?? l.type };
    }).filter((r) => r.head_span && r.child_span);
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
