import { describe, expect, it } from 'vitest';
import { createArticle, emptyDoc, makeFragment, type ArticleDoc, type Link, type Span } from '../../../annotations/index.js';
import { Perceptron } from '../../../annotations/suggest/perceptron.js';
import { shuffled } from '../../../annotations/model/random.js';
import { isSuggestModel, suggestFor, trainModel, trainingView } from '../../../annotations/suggest/model.js';
import { bioTags, stretchesOf } from '../../../annotations/suggest/features.js';
import { analyse } from '../../../annotations/suggest/nlp.js';
import { SUGGESTER } from '../../../annotations/suggest/build.js';

const NOW = '2026-03-01T10:00:00.000Z';

/** An annotated article: each attribution as [speaker, cue, quote] texts found in `text`. */
function doc(id: string, text: string, attributions: [string, string, string][], annotator = 'ana'): ArticleDoc {
  const d = emptyDoc(createArticle({ id, title: id, text, provenance: { origin: 'test', importedAt: NOW } }));
  const spans: Span[] = [];
  const links: Link[] = [];
  const mk = (label: string, t: string) => {
    const start = text.indexOf(t);
    if (start < 0) throw new Error(`"${t}" is not in ${id}`);
    const s: Span = { id: `${id}-${spans.length}`, label, fragments: [makeFragment(text, start, start + t.length)], attributes: {}, annotator, origin: 'manual', createdAt: NOW, updatedAt: NOW };
    spans.push(s);
    return s.id;
  };
  for (const [sp, cue, quote] of attributions) {
    const [a, b, c] = [mk('Speaker', sp), mk('Cue', cue), mk('Quote', quote)];
    links.push({ id: `${c}-sb`, type: 'said-by', from: c, to: a, annotator }, { id: `${b}-co`, type: 'cue-of', from: b, to: c, annotator });
  }
  return { ...d, spans, links };
}

/** Six articles where the desk marks "hopes" and "targets" as cues (non-speech verbs the rules lack). */
const desk = (n: number) => Array.from({ length: n }, (_, i) => doc(`a${i}`,
  `The council${i} hopes the new bridge will open in spring. Later the mayor${i} targets a budget of ten million for the works.`,
  [[`The council${i}`, 'hopes', 'the new bridge will open in spring'], [`the mayor${i}`, 'targets', 'a budget of ten million for the works']]));

describe('averaged perceptron', () => {
  it('learns a separable rule, averages, and survives its JSON', () => {
    const p = new Perceptron(['no', 'yes']);
    const data = [[['x=1', 'b'], 1], [['x=0', 'b'], 0], [['x=1', 'c'], 1], [['x=0', 'c'], 0]] as const;
    for (let e = 0; e < 30; e++) for (const [f, t] of shuffled(data, e)) p.update(t, p.predict(f), f);
    p.average();
    const q = Perceptron.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    for (const [f, t] of data) expect(q.predict(f)).toBe(t);
  });

  it('shuffles deterministically', () => {
    expect(shuffled([1, 2, 3, 4, 5], 7)).toEqual(shuffled([1, 2, 3, 4, 5], 7));
    expect(shuffled([1, 2, 3, 4, 5], 7).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('BIO tags', () => {
  it('turn spans into token tags and back', () => {
    const text = 'The mayor said the bridge was closed.';
    const a = analyse(text);
    const tags = bioTags(a.tokens, [{ fragments: [{ start: 0, end: 9 }] }, { fragments: [{ start: 15, end: 36 }] }]);
    expect(tags.join('')).toBe('BIOBIIIO');
    expect(stretchesOf(a.tokens, tags).map((r) => text.slice(r.start, r.end))).toEqual(['The mayor', 'the bridge was closed']);
  });
});

describe('the learned model', () => {
  it('learns the desk’s cue words and suggests them where the rules do not', () => {
    const test = 'The union hopes the strike will end soon.';
    expect(suggestFor(test).spans).toEqual([]);
    const model = trainModel(desk(6), { now: NOW });
    expect(isSuggestModel(JSON.parse(JSON.stringify(model)))).toBe(true);
    expect(model.cues).toEqual(expect.arrayContaining(['hope', 'target']));
    expect(model.trainedOn).toHaveLength(6);
    const p = suggestFor(test, model);
    const texts = p.spans.map((s) => `${s.label}:${test.slice(s.fragments[0]!.start, s.fragments[0]!.end)}`);
    expect(texts).toEqual(expect.arrayContaining(['Cue:hopes', 'Quote:the strike will end soon']));
    const cue = p.spans.findIndex((s) => s.label === 'Cue');
    const quote = p.spans.findIndex((s) => s.label === 'Quote');
    expect(p.links).toContainEqual({ type: 'cue-of', from: cue, to: quote });
  });

  it('learns from one layer per article and never from pending suggestions', () => {
    const d = desk(1)[0]!;
    const pending = { ...d.spans[0]!, id: 'p1', annotator: SUGGESTER, origin: 'suggested' as const };
    const other = { ...d.spans[1]!, id: 'o1', annotator: 'bo' };
    const view = trainingView({ ...d, spans: [...d.spans, pending, other] })!;
    expect(view.spans.every((s) => s.annotator === 'ana')).toBe(true);
    expect(trainingView({ ...d, spans: [pending] })).toBeUndefined();
  });
});
