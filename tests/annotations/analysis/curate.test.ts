/** Accepting agreed spans into the curated layer: what is copied, with links and sources, what is skipped; undoable as one operation. */
import { describe, expect, it } from 'vitest';
import { acceptAgreedOp } from '../../../annotations/analysis/curate.js';
import { CURATED_LAYER, layerOf, layerView } from '../../../annotations/model/layers.js';
import { applyOperation, counterIds, defaultSchema, type ArticleDoc, type Link, type Operation, type Span } from '../../../annotations/index.js';
import { articleDoc, span } from '../../helpers/project.js';

const TEXT = 'Alice Smith said the budget was late. Bob Jones denied it firmly. The minister spoke later.';
const at = (needle: string): [number, number] => {
  const i = TEXT.indexOf(needle);
  return [i, i + needle.length];
};
const s = (id: string, label: string, needle: string, annotator: string, extra: Partial<Span> = {}): Span => span(articleDoc('a-1', TEXT), id, label, ...at(needle), { annotator, ...extra });
const link = (id: string, type: string, from: string, to: string, annotator: string): Link => ({ id, type, from, to, annotator });
const NOW = '2026-01-01T00:00:00.000Z';

function three(): ArticleDoc {
  const mine = (who: string, quote: string, source: string, quoteType: string) => [
    s(`${who}1`, 'Speaker', 'Alice Smith', who, { sourceId: source }),
    s(`${who}2`, 'Quote', quote, who, { attributes: { QuoteType: quoteType } }),
  ];
  return {
    ...articleDoc('a-1', TEXT),
    spans: [...mine('alice', 'the budget was late', 'src-a', 'Indirect'), ...mine('bob', 'the budget was late', 'src-a', 'Direct'), ...mine('carol', 'budget was late', 'src-b', 'Indirect')],
    links: [link('la', 'said-by', 'alice2', 'alice1', 'alice'), link('lb', 'said-by', 'bob2', 'bob1', 'bob'), link('lc', 'said-by', 'carol2', 'carol1', 'carol')],
  };
}

const apply = (doc: ArticleDoc, op: Operation) => applyOperation({ schema: defaultSchema(), sources: { 'src-a': { id: 'src-a', name: 'A', kind: 'person', aliases: [] }, 'src-b': { id: 'src-b', name: 'B', kind: 'person', aliases: [] } }, docs: { [doc.article.id]: doc } }, op, { now: NOW });

describe('accept agreed', () => {
  it('copies only what every layer agrees on by default; the source only where they agree on it', () => {
    const r = acceptAgreedOp(three(), { curator: 'dana', now: NOW, ids: counterIds() });
    expect(r).toMatchObject({ spans: 1, links: 0 });
    const after = apply(three(), r.op!).state.docs['a-1']!;
    const curated = layerView(after, CURATED_LAYER);
    expect(curated.spans).toHaveLength(1);
    expect(curated.spans[0]).toMatchObject({ label: 'Speaker', layer: CURATED_LAYER, annotator: 'dana', id: 's-1' });
    expect(curated.spans[0]!.sourceId).toBeUndefined();
    // Annotators' layers untouched.
    for (const who of ['alice', 'bob', 'carol']) expect(layerView(after, who)).toEqual(layerView(three(), who));
  });

  it('with --min 2 copies what two agree on, with the link between copies and the shared attributes', () => {
    const r = acceptAgreedOp(three(), { curator: 'dana', now: NOW, ids: counterIds(), min: 2 });
    expect(r).toMatchObject({ spans: 2, links: 1 });
    const after = apply(three(), r.op!).state.docs['a-1']!;
    const curated = after.spans.filter((x) => layerOf(x) === CURATED_LAYER);
    const quote = curated.find((x) => x.label === 'Quote')!;
    const speaker = curated.find((x) => x.label === 'Speaker')!;
    // alice and bob agree on the quote, not on its type; two of three name src-a as the speaker's source.
    expect(quote.attributes).toEqual({});
    expect(speaker.sourceId).toBe('src-a');
    expect(after.links.filter((l) => layerOf(l) === CURATED_LAYER)).toEqual([
      { id: 'l-3', type: 'said-by', from: quote.id, to: speaker.id, layer: CURATED_LAYER, annotator: 'dana', createdAt: NOW },
    ]);
    // Undo gives the document back; a second run finds nothing to copy.
    const applied = apply(three(), r.op!);
    expect(apply(after, applied.inverse).state.docs['a-1']).toEqual(three());
    expect(acceptAgreedOp(after, { curator: 'dana', now: NOW, min: 2 }).op).toBeNull();
  });

  it('skips an article with fewer layers than asked, and ignores the layers named', () => {
    const one = { ...articleDoc('a-1', TEXT), spans: [s('a1', 'Speaker', 'Alice Smith', 'alice')] };
    expect(acceptAgreedOp(one, { curator: 'dana', now: NOW }).op).toBeNull();
    expect(acceptAgreedOp(one, { curator: 'dana', now: NOW, min: 1 }).spans).toBe(1);
    const withSuggestions = { ...one, spans: [...one.spans, s('x1', 'Speaker', 'Alice Smith', 'suggestions')] };
    expect(acceptAgreedOp(withSuggestions, { curator: 'dana', now: NOW, ignoreLayers: ['suggestions'] }).op).toBeNull();
  });
});
