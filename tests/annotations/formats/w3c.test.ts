import { describe, expect, it } from 'vitest';
import {
  createArticle, defaultSchema, emptyDoc, makeFragment, w3cExporter, wholeCharacters,
  type ExportContext, type ProjectSettings, type Span,
} from '../../../annotations/index.js';
import { NOW, at } from '../../helpers/model.js';
import { TEXT, exportContext, runFile, smallDoc } from './small-doc.js';

function context(settings: Partial<ProjectSettings>, warnings: string[]): ExportContext {
  return { schema: defaultSchema(), sources: {}, settings: { snapToWords: true, ...settings }, projectName: 'Desk', unit: 'codepoint', warn: (m) => warnings.push(m) };
}

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

describe('w3c exporter: a small article', () => {
  it('writes one Annotation per span (both selectors, code points) and per link, in a collection', () => {
    const warnings: string[] = [];
    const out = runFile(w3cExporter, [smallDoc({ url: 'https://news.example/taxes' })], exportContext(warnings));
    expect(out.startsWith('{\n"@context": ["http://www.w3.org/ns/anno.jsonld", {"sourcemark": "urn:sourcemark:vocab#"}],\n"id": "urn:sourcemark:collection:Desk",\n"type": "AnnotationCollection",\n"label": "Desk",\n"sourcemark:offsets": "codepoint",\n"first": {"type": "AnnotationPage", "items": [\n')).toBe(true);
    expect(out.endsWith('\n]}\n}\n')).toBe(true);
    const items = (JSON.parse(out) as { first: { items: Record<string, unknown>[] } }).first.items;
    expect(items.map((i) => [i.id, i.motivation])).toEqual([
      ['urn:sourcemark:span:s-1', 'tagging'], ['urn:sourcemark:span:s-2', 'tagging'], ['urn:sourcemark:span:s-3', 'tagging'], ['urn:sourcemark:span:s-4', 'tagging'],
      ['urn:sourcemark:link:l-1', 'linking'], ['urn:sourcemark:link:l-2', 'linking'], ['urn:sourcemark:link:l-3', 'linking'],
    ]);
    expect(items[0]).toEqual({
      id: 'urn:sourcemark:span:s-1', type: 'Annotation', motivation: 'tagging', creator: 'ann', created: NOW, modified: NOW,
      body: [{ type: 'TextualBody', purpose: 'tagging', value: 'Speaker' }, { type: 'TextualBody', purpose: 'identifying', value: 'Ana Ruiz', 'sourcemark:source': 'src-1', 'sourcemark:externalId': 'wikidata:Q1' }],
      target: { source: 'https://news.example/taxes', selector: [{ type: 'TextPositionSelector', start: 0, end: 3 }, { type: 'TextQuoteSelector', exact: 'Ana', prefix: '', suffix: ' 😀 said “taxes fell”.\nBo agreed' }] },
    });
    // After the emoji: code points (12), not UTF-16 units (13).
    expect((items[2]!.target as { selector: { start?: number }[] }).selector[0]).toEqual({ type: 'TextPositionSelector', start: 12, end: 22 });
    expect(TEXT.indexOf('taxes')).toBe(13);
    expect((items[3]!.body as unknown[]).slice(1)).toEqual([
      { type: 'TextualBody', purpose: 'classifying', value: 'False', 'sourcemark:attribute': 'Verdict' }, { type: 'TextualBody', purpose: 'commenting', value: 'checked' },
    ]);
    expect(items[4]).toEqual({ id: 'urn:sourcemark:link:l-1', type: 'Annotation', motivation: 'linking', body: { type: 'TextualBody', purpose: 'tagging', value: 'SaidBy' }, target: ['urn:sourcemark:span:s-3', 'urn:sourcemark:span:s-1'] });
    expect(warnings).toEqual([]);
  });

  it('a discontinuous span has one target per fragment; UTF-16 asked for is refused with a warning (code points are written)', () => {
    const warnings: string[] = [];
    const out = runFile(w3cExporter, [smallDoc({ discontinuous: true })], exportContext(warnings, { unit: 'utf16' }));
    const items = (JSON.parse(out) as { first: { items: { id: string; target: unknown }[] } }).first.items;
    const bo = items.find((i) => i.id === 'urn:sourcemark:span:s-5')!.target as { selector: { start?: number; end?: number }[] }[];
    expect(bo.map((t) => t.selector[0])).toEqual([{ type: 'TextPositionSelector', start: 25, end: 27 }, { type: 'TextPositionSelector', start: 36, end: 41 }]);
    expect(warnings).toEqual(['W3C TextPositionSelector counts code points; the export uses code points whatever --offsets says.']);
  });
});
