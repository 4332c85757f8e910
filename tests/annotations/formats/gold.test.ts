/**
 * The gold fixture (../shared/gold, brat) built with the model's own operations: every count in
 * its README, exact texts, one source across both articles, and an exact brat round trip.
 */
import { describe, expect, it } from 'vitest';
import {
  annotationsToBrat, applyOperation, bratToAnnotations, counterIds, createArticle, defaultSchema, emptyDoc, spanText,
  validateDoc, type Operation, type ProjectState, type Source,
} from '../../../annotations/index.js';
import { GOLD_COUNTS, GOLD_IDS, readGold } from '../../helpers/gold.js';
import { bratMeaning } from '../../helpers/brat-compare.js';
import { NOW, ctx } from '../../helpers/model.js';

function buildGold(): ProjectState {
  const ids = counterIds();
  let state: ProjectState = { schema: defaultSchema(), sources: {}, docs: {} };
  for (const id of GOLD_IDS) {
    const gold = readGold(id);
    const article = createArticle({ id, title: id, text: gold.txt, provenance: { origin: `${id}.txt`, importedAt: NOW } });
    state = { ...state, docs: { ...state.docs, [id]: emptyDoc(article) } };
    const imported = bratToAnnotations(gold.txt, gold.ann, {
      schema: state.schema, knownSources: Object.values(state.sources), newId: ids, now: NOW, annotator: 'gold',
    });
    // The corrected gold (002's T21 is the pronoun "he" at 1703–1705) imports without a warning.
    expect(imported.warnings).toEqual([]);
    expect(imported.text).toBe(article.text);
    const ops: Operation[] = [
      ...imported.sources.map((source: Source): Operation =>
        state.sources[source.id] ? { op: 'updateSource', sourceId: source.id, patch: { aliases: source.aliases } } : { op: 'addSource', source }),
      ...imported.spans.map((span): Operation => ({ op: 'addSpan', articleId: id, span })),
      ...imported.links.map((link): Operation => ({ op: 'addLink', articleId: id, link })),
    ];
    state = applyOperation(state, { op: 'batch', ops }, ctx).state;
  }
  return state;
}

describe('gold fixture', () => {
  const state = buildGold();

  it.each(GOLD_IDS)('%s has the counts its README states, and validates', (id) => {
    const doc = state.docs[id]!;
    const count = (label: string) => doc.spans.filter((s) => s.label === label).length;
    const want = GOLD_COUNTS[id]!;
    expect({ Quote: count('Quote'), Speaker: count('Speaker'), Cue: count('Cue'), Claim: count('Claim'), relations: doc.links.length }).toEqual(want);
    expect(doc.spans.filter((s) => s.label === 'Quote').every((s) => s.attributes.QuoteType)).toBe(true);
    expect(doc.spans.filter((s) => s.label === 'Speaker').every((s) => s.sourceId)).toBe(true);
    expect(validateDoc(doc, state.schema, state.sources)).toEqual([]);
  });

  it('keeps every span text exactly as the gold file states it', () => {
    for (const id of GOLD_IDS) {
      const doc = state.docs[id]!;
      for (const s of doc.spans) for (const f of s.fragments) expect(doc.article.text.slice(f.start, f.end)).toBe(f.text);
    }
    const quote = state.docs['002_6f0280c28b7f439d']!.spans.find((s) => spanText(s).startsWith('“This is far from over'))!;
    const link = state.docs['002_6f0280c28b7f439d']!.links.find((l) => l.from === quote.id && l.type === 'said-by')!;
    const he = state.docs['002_6f0280c28b7f439d']!.spans.find((s) => s.id === link.to)!;
    expect(spanText(he)).toBe('he'); // a speaker in an earlier sentence
  });

  it("002's T21 is the pronoun \"he\" at 1703–1705 (the corrected gold), not the \"he\" inside \"The\"", () => {
    const doc = state.docs['002_6f0280c28b7f439d']!;
    const t21 = doc.spans.filter((s) => s.label === 'Speaker' && s.fragments[0]!.start === 1703);
    expect(t21.map((s) => [s.fragments[0]!.end, spanText(s)])).toEqual([[1705, 'he']]);
    expect(doc.spans.some((s) => s.fragments.some((f) => f.start === 1688))).toBe(false);
    expect(doc.article.text.slice(1680, 1710)).toMatch(/The Independent.*he/);
  });

  it('ties the mentions of one source together across both articles', () => {
    const byName = Object.values(state.sources).map((s) => s.name).sort();
    expect(byName).toHaveLength(8);
    const hur = Object.values(state.sources).find((s) => s.externalId === 'sources:hur')!;
    expect(hur.name).toBe('Main Directorate of Intelligence of Ukraine (HUR)');
    const mentions = Object.values(state.docs).flatMap((d) => d.spans.filter((s) => s.sourceId === hur.id).map(spanText));
    expect(mentions).toEqual(expect.arrayContaining(['It', 'the Main Intelligence Directorate', 'the Ukrainian defence intelligence agency', 'the country’s defence intelligence']));
    expect(mentions).toHaveLength(7);
    expect(hur.aliases).toContain('The statement');
  });

  it.each(GOLD_IDS)('%s exports back to brat with the same spans, relations, attributes and sources', (id) => {
    const doc = state.docs[id]!;
    const ann = annotationsToBrat(doc.article.text, doc.spans, doc.links, { schema: state.schema, sources: state.sources });
    expect(bratMeaning(ann)).toEqual(bratMeaning(readGold(id).ann));
  });
});
