import { describe, expect, it } from 'vitest';
import { applyOperation, counterIds, createArticle, defaultSchema, emptyDoc, type ArticleDoc } from '../../../annotations/index.js';
import { ruleSuggestions } from '../../../annotations/suggest/rules.js';
import { buildSuggestions, isPendingSuggestion, SUGGESTER, withoutSuggestions } from '../../../annotations/suggest/build.js';
import { acceptOperation, addSuggestionsOperation, pendingSuggestions, rejectOperation } from '../../../annotations/suggest/accept.js';
import { spanKey } from '../../../annotations/analysis/match.js';

const NOW = '2026-03-01T10:00:00.000Z';
const TEXT = '“We will rebuild the school,” the mayor said. The police said two men were arrested.';
const base = (): ArticleDoc => emptyDoc(createArticle({ id: 'a1', title: 'a1', text: TEXT, provenance: { origin: 'test', importedAt: NOW } }));

function run(doc: ArticleDoc, op: Parameters<typeof applyOperation>[1]) {
  const r = applyOperation({ schema: defaultSchema(), sources: {}, docs: { a1: doc } }, op, { now: NOW });
  return { doc: r.state.docs['a1']!, inverse: r.inverse };
}

function suggested(): ArticleDoc {
  const built = buildSuggestions(base(), ruleSuggestions(TEXT), { newId: counterIds(), now: NOW });
  return run(base(), addSuggestionsOperation('a1', built)!).doc;
}

describe('building suggestions', () => {
  it('makes pending spans and links of the suggester, valid for the model', () => {
    const d = suggested();
    expect(d.spans.map((s) => s.fragments[0]!.text)).toEqual(expect.arrayContaining(['“We will rebuild the school,”', 'the mayor', 'said', 'two men were arrested']));
    expect(d.spans.every(isPendingSuggestion)).toBe(true);
    expect(d.links.length).toBe(4);
    expect(d.links.every((l) => l.annotator === SUGGESTER)).toBe(true);
  });

  it('never suggests what the article has or what was rejected, and hangs links on existing spans', () => {
    const d = suggested();
    const mayor = d.spans.find((s) => s.fragments[0]!.text === 'the mayor')!;
    const manual = { ...base(), spans: [{ ...mayor, id: 'm1', annotator: 'ana', origin: 'manual' as const }] };
    const quote = d.spans.find((s) => s.label === 'Quote' && s.fragments[0]!.text.startsWith('two'))!;
    const again = buildSuggestions(manual, ruleSuggestions(TEXT), { newId: counterIds(), now: NOW, rejected: new Set([spanKey(quote)]) });
    expect(again.spans.some((s) => s.fragments[0]!.text === 'the mayor')).toBe(false);
    expect(again.spans.some((s) => s.fragments[0]!.text === 'two men were arrested')).toBe(false);
    expect(again.links.some((l) => l.type === 'said-by' && l.to === 'm1')).toBe(true);
    // Pending suggestions are not suggested twice either.
    expect(buildSuggestions(d, ruleSuggestions(TEXT), { newId: counterIds(), now: NOW }).spans).toEqual([]);
  });

  it('leaves suggestions out of what is exported', () => {
    const d = suggested();
    const withManual = { ...d, spans: [...d.spans, { ...d.spans[0]!, id: 'm1', annotator: 'ana', origin: 'manual' as const }] };
    expect(withoutSuggestions(withManual).spans.map((s) => s.id)).toEqual(['m1']);
    expect(withoutSuggestions(withManual).links).toEqual([]);
  });
});

describe('accepting and rejecting', () => {
  it('accepting one gives it to the person, keeps its origin, and undoes', () => {
    const d = suggested();
    const quote = d.spans.find((s) => s.label === 'Quote')!;
    const { doc, inverse } = run(d, acceptOperation(d, 'ana', NOW, [quote.id])!);
    const q = doc.spans.find((s) => s.id === quote.id)!;
    expect(q).toMatchObject({ annotator: 'ana', updatedBy: 'ana', origin: 'suggested', fragments: quote.fragments });
    expect(isPendingSuggestion(q)).toBe(false);
    expect(doc.links).toHaveLength(4);
    // Its links to still-pending spans stay the suggester's until those are accepted.
    expect(doc.links.filter((l) => l.from === q.id || l.to === q.id).every((l) => l.annotator === SUGGESTER)).toBe(true);
    // Undo gives the same spans and links back (the links perhaps in another order).
    const back = run(doc, inverse).doc;
    const byId = (x: ArticleDoc) => ({ ...x, links: [...x.links].sort((a, b) => a.id.localeCompare(b.id)) });
    expect(byId(back)).toEqual(byId(d));
  });

  it('accepting all leaves nothing pending and every link the person’s', () => {
    const d = suggested();
    const { doc } = run(d, acceptOperation(d, 'ana', NOW)!);
    expect(pendingSuggestions(doc)).toEqual([]);
    expect(doc.spans.every((s) => s.annotator === 'ana' && s.origin === 'suggested')).toBe(true);
    expect(doc.links.every((l) => l.annotator === 'ana')).toBe(true);
    expect(acceptOperation(doc, 'ana', NOW)).toBeUndefined();
  });

  it('rejecting removes the span and its links and names its key', () => {
    const d = suggested();
    const cue = d.spans.find((s) => s.label === 'Cue')!;
    const r = rejectOperation(d, [cue.id])!;
    expect(r.keys).toEqual([spanKey(cue)]);
    const { doc } = run(d, r.op);
    expect(doc.spans.some((s) => s.id === cue.id)).toBe(false);
    expect(doc.links.some((l) => l.from === cue.id)).toBe(false);
    // Only pending suggestions can be rejected this way.
    expect(rejectOperation(run(d, acceptOperation(d, 'ana', NOW)!).doc, [cue.id])).toBeUndefined();
  });
});
