/**
 * One small article for the exporters' unit tests: a speaker with a source, a cue, a direct quote
 * holding a claim with a verdict, a discontinuous span, links between them and an emoji before
 * the quote (so code points and UTF-16 units differ). Ids and times are fixed, so every
 * exporter's output can be compared byte for byte.
 */
import {
  createArticle, defaultSchema, emptyDoc, makeFragment, type ArticleDoc, type ExportContext, type Link, type OffsetUnit, type ProjectSettings, type Source, type Span,
} from '../../../annotations/index.js';
import { NOW, at } from '../../helpers/model.js';

/** 😀 is two UTF-16 units and one code point: every offset after it differs by one between the units. */
export const TEXT = 'Ana 😀 said “taxes fell”.\nBo agreed, again.';

export const SOURCE: Source = { id: 'src-1', name: 'Ana Ruiz', kind: 'person', aliases: ['Ana'], externalId: 'wikidata:Q1' };

const span = (id: string, label: string, ranges: [number, number][], extra: Partial<Span> = {}): Span => ({
  id, label, fragments: ranges.map(([s, e]) => makeFragment(TEXT, s, e)), attributes: {}, annotator: 'ann', origin: 'manual', createdAt: NOW, updatedAt: NOW, ...extra,
});

const link = (id: string, type: string, from: string, to: string): Link => ({ id, type, from, to, annotator: 'ann', createdAt: NOW });

/** The article: Speaker s-1 (source src-1), Cue s-2, Quote s-3 (Direct), Claim s-4 (Verdict False) inside it, Speaker s-5 in two fragments ("Bo" … "again"). */
export function smallDoc(opts: { discontinuous?: boolean; url?: string } = {}): ArticleDoc {
  const d = emptyDoc(createArticle({
    id: 'a-1', title: 'Taxes', text: TEXT, keepText: true, metadata: { language: 'en', ...(opts.url ? { url: opts.url } : {}) },
    provenance: { origin: 'desk/story.txt', importedAt: NOW },
  }));
  const spans = [
    span('s-1', 'Speaker', [at(TEXT, 'Ana')], { sourceId: 'src-1' }),
    span('s-2', 'Cue', [at(TEXT, 'said')]),
    span('s-3', 'Quote', [at(TEXT, 'taxes fell')], { attributes: { QuoteType: 'Direct' } }),
    span('s-4', 'Claim', [at(TEXT, 'taxes fell')], { attributes: { Verdict: 'False' }, note: 'checked' }),
    ...(opts.discontinuous ? [span('s-5', 'Speaker', [at(TEXT, 'Bo'), at(TEXT, 'again')])] : []),
  ];
  const links = [link('l-1', 'said-by', 's-3', 's-1'), link('l-2', 'cue-of', 's-2', 's-3'), link('l-3', 'claimed-by', 's-4', 's-1')];
  return { ...d, spans, links };
}

/** An export context over the default schema with {@link SOURCE}; warnings go to `warnings`. */
export function exportContext(warnings: string[] = [], opts: { unit?: OffsetUnit; settings?: Partial<ProjectSettings> } = {}): ExportContext {
  return {
    schema: defaultSchema(), sources: { [SOURCE.id]: SOURCE }, settings: { snapToWords: true, ...opts.settings }, projectName: 'Desk',
    unit: opts.unit ?? 'codepoint', warn: (m) => warnings.push(m),
  };
}

/** A single-file export of `docs`, as app/export writes it: header, chunks, footer. */
export function runFile(exporter: { header?: (c: ExportContext) => string; chunk?: (d: ArticleDoc, c: ExportContext, first: boolean) => string; footer?: (c: ExportContext) => string }, docs: ArticleDoc[], ctx: ExportContext): string {
  let first = true;
  let out = exporter.header?.(ctx) ?? '';
  for (const d of docs) {
    const chunk = exporter.chunk!(d, ctx, first);
    if (chunk) first = false;
    out += chunk;
  }
  return out + (exporter.footer?.(ctx) ?? '');
}
