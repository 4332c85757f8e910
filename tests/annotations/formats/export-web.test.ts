import { describe, expect, it } from 'vitest';
import {
  NO_PUBLISHER_URL, claimReviewExporter, createArticle, defaultSchema, emptyDoc, makeFragment, w3cExporter, wholeCharacters,
  type ArticleDoc, type ExportContext, type ProjectSettings, type Span,
} from '../../../annotations/index.js';
import { NOW, at } from '../../helpers/model.js';

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

describe('W3C Web Annotation', () => {
  it('a TextQuoteSelector’s prefix and suffix never hold half an emoji (the 32-unit context cut through one)', () => {
    // 16 emoji and "x" are 33 UTF-16 units: 32 units back from the quote's start falls inside
    // the first emoji, and 32 units on from its end ("y" and 31 units) inside the last one.
    const text = `${'😀'.repeat(16)}xquotey${'😀'.repeat(16)}`;
    const d = emptyDoc(createArticle({ id: 'a-1', title: 't', text, keepText: true, provenance: { origin: 'test', importedAt: NOW } }));
    const span: Span = { id: 's-1', label: 'Quote', fragments: [makeFragment(text, ...at(text, 'quote'))], attributes: {}, annotator: 't', origin: 'manual', createdAt: NOW, updatedAt: NOW };
    const ctx = context({}, []);
    const items = JSON.parse(`[${w3cExporter.chunk!({ ...d, spans: [span] }, ctx, true)}]`) as { target: { selector: { type: string; prefix?: string; suffix?: string }[] } }[];
    const quote = items[0]!.target.selector.find((s) => s.type === 'TextQuoteSelector')!;
    const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    expect(span.fragments[0]!.prefix).toMatch(lone); // what the fragment keeps
    expect(span.fragments[0]!.suffix).toMatch(lone);
    expect(quote.prefix).not.toMatch(lone);
    expect(quote.suffix).not.toMatch(lone);
    expect(text.slice(0, text.indexOf('quote')).endsWith(quote.prefix!)).toBe(true);
    expect(text.slice(text.indexOf('quote') + 5).startsWith(quote.suffix!)).toBe(true);
    expect(wholeCharacters('\udc00ab\ud83d')).toBe('ab');
  });
});
