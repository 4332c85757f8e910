import { describe, expect, it } from 'vitest';
import {
  NO_PUBLISHER_URL, claimReviewExporter, createArticle, defaultSchema, emptyDoc, makeFragment,
  type ArticleDoc, type ExportContext, type ProjectSettings, type Span,
} from '../../../annotations/index.js';
import { NOW, at } from '../../helpers/model.js';
import { exportContext, runFile, smallDoc } from './small-doc.js';

function context(settings: Partial<ProjectSettings>, warnings: string[]): ExportContext {
  return { schema: defaultSchema(), sources: {}, settings: { snapToWords: true, ...settings }, projectName: 'Desk', unit: 'codepoint', warn: (m) => warnings.push(m) };
}

function claimDoc(id: string, text: string, claim: string, url?: string): ArticleDoc {
  const d = emptyDoc(createArticle({ id, title: `Title ${id}`, text, metadata: url ? { url } : {}, provenance: { origin: 'test', importedAt: NOW } }));
  const span: Span = { id: `${id}-c`, label: 'Claim', fragments: [makeFragment(text, ...at(text, claim))], attributes: { Verdict: 'False' }, annotator: 't', origin: 'manual', createdAt: NOW, updatedAt: NOW };
  return { ...d, spans: [span] };
}

const reviews = (docs: ArticleDoc[], ctx: ExportContext) =>
  JSON.parse(claimReviewExporter.header!(ctx) + docs.map((d, i) => claimReviewExporter.chunk!(d, ctx, i === 0)).join('') + claimReviewExporter.footer!(ctx)) as Record<string, unknown>[];

describe('ClaimReview', () => {
  const docs = [claimDoc('a-1', 'The mayor said crime fell by half.', 'crime fell by half', 'https://news.example/a-1'), claimDoc('a-2', 'Taxes never rose.', 'Taxes never rose')];

  it('without the publisher URL setting: warns, naming the setting, and writes no url', () => {
    const warnings: string[] = [];
    const out = reviews(docs, context({}, warnings));
    expect(new Set(warnings)).toEqual(new Set([NO_PUBLISHER_URL])); // the export says each warning once
    expect(warnings.length).toBe(2);
    expect(NO_PUBLISHER_URL).toMatch(/publisherUrl/);
    expect(out.every((r) => !('url' in r))).toBe(true);
    const blank: string[] = [];
    reviews(docs, context({ publisherUrl: '  ' }, blank));
    expect(new Set(blank)).toEqual(new Set([NO_PUBLISHER_URL]));
  });

  it('with it: a url on every review and no warning; the claim appears at the article’s own URL when it has one', () => {
    const warnings: string[] = [];
    const out = reviews(docs, context({ publisherUrl: 'https://desk.example/' }, warnings));
    expect(warnings).toEqual([]);
    expect(out.map((r) => r.url)).toEqual(['https://desk.example/claims/a-1-c', 'https://desk.example/claims/a-2-c']);
    const appearance = out.map((r) => (r.itemReviewed as { appearance: { url: string } }).appearance.url);
    expect(appearance).toEqual(['https://news.example/a-1', 'urn:sourcemark:article:a-2']);
  });
});

describe('claimreview exporter: a small article', () => {
  it('writes a review of the claim with a verdict, its rating on the scale, the claimant’s source and the article, byte for byte', () => {
    const warnings: string[] = [];
    const out = runFile(claimReviewExporter, [smallDoc()], exportContext(warnings, { settings: { publisherUrl: 'https://desk.example', publisherName: 'The Desk' } }));
    expect(out).toBe('[\n' + JSON.stringify({
      '@context': 'https://schema.org', '@type': 'ClaimReview', url: 'https://desk.example/claims/s-4', claimReviewed: 'taxes fell', datePublished: '2026-01-01',
      author: { '@type': 'Organization', name: 'The Desk', url: 'https://desk.example' },
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
      itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Ana Ruiz' }, appearance: { '@type': 'CreativeWork', url: 'urn:sourcemark:article:a-1', headline: 'Taxes' } },
    }) + '\n]\n');
    expect(warnings).toEqual([]);
  });

  it('leaves out a claim whose verdict is off the scale, with a warning naming the scale; no claims, an empty array', () => {
    const warnings: string[] = [];
    const d = smallDoc();
    const off = { ...d, spans: d.spans.map((s) => (s.id === 's-4' ? { ...s, attributes: { Verdict: 'Spicy' } } : s)) };
    const ctx = exportContext(warnings, { settings: { publisherUrl: 'https://desk.example' } });
    expect(runFile(claimReviewExporter, [off], ctx)).toBe('[\n\n]\n');
    expect(warnings).toEqual([`Some verdicts are not on the project's scale (${ctx.schema.verdictScale.join(', ')}); their claims were left out.`]);
  });
});
