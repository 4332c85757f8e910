import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  OperationError, applyOperation, compareSpans, counterIds, mentionsOf, mergeSources, relabelSpan, resizeSpan,
  setAttributes, splitSource, validateDoc, type Operation, type ProjectState,
} from '../../../annotations/index.js';
import { at, ctx, docOf, sourceOf, spanOf, stateOf } from '../../helpers/model.js';

const TEXT = '“This is far from over,” he said, adding that “the fight has not ended.” The agency agreed.';

function setup() {
  const ids = counterIds();
  const doc = docOf(TEXT);
  let state: ProjectState = { ...stateOf(doc), sources: { 'src-1': sourceOf('src-1', 'Yuri Sak') } };
  const quote = spanOf(TEXT, 'Quote', [at(TEXT, '“This is far from over,”'), at(TEXT, '“the fight has not ended.”')], ids, { attributes: { QuoteType: 'Direct' } });
  const he = spanOf(TEXT, 'Speaker', [at(TEXT, 'he')], ids, { sourceId: 'src-1' });
  const cue = spanOf(TEXT, 'Cue', [at(TEXT, 'said')], ids);
  for (const span of [quote, he, cue]) state = applyOperation(state, { op: 'addSpan', articleId: 'a-1', span }, ctx).state;
  return { state, quote, he, cue, ids };
}

const range = ([start, end]: [number, number]) => ({ start, end });

const roundTrip = (state: ProjectState, op: Operation) => {
  const r = applyOperation(state, op, ctx);
  const back = applyOperation(r.state, r.inverse, ctx);
  expect(back.state).toEqual(state);
  return r;
};

describe('operations', () => {
  it('adds spans in stored order, with two fragments for an interrupted quote', () => {
    const { state, quote } = setup();
    const spans = state.docs['a-1']!.spans;
    expect(spans.map((s) => s.label)).toEqual(['Quote', 'Speaker', 'Cue']);
    expect([...spans].sort(compareSpans)).toEqual(spans);
    expect(spans[0]!.fragments.map((f) => f.text)).toEqual(['“This is far from over,”', '“the fight has not ended.”']);
    expect(spans[0]!.id).toBe(quote.id);
  });

  it('allows nested and overlapping spans of any labels', () => {
    const { state, ids } = setup();
    const claim = spanOf(TEXT, 'Claim', [at(TEXT, 'This is far from over')], ids);
    const overlap = spanOf(TEXT, 'Quote', [[at(TEXT, 'over')[0], at(TEXT, 'he')[1]]], ids);
    const r = roundTrip(state, { op: 'batch', ops: [{ op: 'addSpan', articleId: 'a-1', span: claim }, { op: 'addSpan', articleId: 'a-1', span: overlap }] });
    expect(r.state.docs['a-1']!.spans).toHaveLength(5);
    expect(validateDoc(r.state.docs['a-1']!, r.state.schema, r.state.sources)).toEqual([]);
  });

  it('links and unlinks, checking the schema', () => {
    const { state, quote, he, cue } = setup();
    const r = roundTrip(state, { op: 'addLink', articleId: 'a-1', link: { id: 'l-1', type: 'said-by', from: quote.id, to: he.id } });
    expect(r.state.docs['a-1']!.links).toHaveLength(1);
    expect(() => applyOperation(r.state, { op: 'addLink', articleId: 'a-1', link: { id: 'l-2', type: 'said-by', from: quote.id, to: he.id } }, ctx)).toThrow(/already linked/);
    expect(() => applyOperation(state, { op: 'addLink', articleId: 'a-1', link: { id: 'l-3', type: 'said-by', from: cue.id, to: he.id } }, ctx)).toThrow(
      /said-by link goes from Quote to Speaker, not from Cue to Speaker/,
    );
    expect(() => applyOperation(state, { op: 'addLink', articleId: 'a-1', link: { id: 'l-4', type: 'said-by', from: quote.id, to: 's-404' } }, ctx)).toThrow(/s-404, which does not exist/);
    roundTrip(r.state, { op: 'removeLink', articleId: 'a-1', linkId: 'l-1' });
  });

  it('removing a span removes its links, and undo brings both back', () => {
    const { state, quote, he, cue } = setup();
    let s = applyOperation(state, { op: 'addLink', articleId: 'a-1', link: { id: 'l-1', type: 'said-by', from: quote.id, to: he.id } }, ctx).state;
    s = applyOperation(s, { op: 'addLink', articleId: 'a-1', link: { id: 'l-2', type: 'cue-of', from: cue.id, to: quote.id } }, ctx).state;
    const r = roundTrip(s, { op: 'removeSpan', articleId: 'a-1', spanId: quote.id });
    expect(r.state.docs['a-1']!.links).toEqual([]);
    expect(r.state.docs['a-1']!.spans.map((x) => x.id)).not.toContain(quote.id);
  });

  it('resizes, relabels and sets attributes, each undoable', () => {
    const { state, quote, cue } = setup();
    const r1 = roundTrip(state, resizeSpan('a-1', cue.id, [range(at(TEXT, 'he said'))]));
    expect(r1.state.docs['a-1']!.spans.find((s) => s.id === cue.id)!.fragments[0]!.text).toBe('he said');
    const r2 = roundTrip(state, setAttributes('a-1', quote.id, { QuoteType: 'Mixed' }));
    expect(r2.state.docs['a-1']!.spans.find((s) => s.id === quote.id)!.attributes).toEqual({ QuoteType: 'Mixed' });
    expect(() => applyOperation(state, setAttributes('a-1', quote.id, { QuoteType: 'Sarcastic' }), ctx)).toThrow(/"Sarcastic" is not a value of Quote's QuoteType/);
    const signed = roundTrip(state, { op: 'updateSpan', articleId: 'a-1', spanId: cue.id, patch: { note: 'check', updatedBy: 'Ana' } });
    expect(signed.state.docs['a-1']!.spans.find((s) => s.id === cue.id)).toMatchObject({ note: 'check', updatedBy: 'Ana', annotator: 'tester' });
    const r3 = roundTrip(state, relabelSpan('a-1', cue.id, 'Claim'));
    expect(r3.state.docs['a-1']!.spans.find((s) => s.id === cue.id)!.label).toBe('Claim');
    expect(() => applyOperation(state, relabelSpan('a-1', cue.id, 'Nope'), ctx)).toThrow(/no label "Nope"/);
  });

  it('refuses a relabel that would break a link the schema allows only for the old label', () => {
    const { state, quote, he } = setup();
    const s = applyOperation(state, { op: 'addLink', articleId: 'a-1', link: { id: 'l-1', type: 'said-by', from: quote.id, to: he.id } }, ctx).state;
    expect(() => applyOperation(s, relabelSpan('a-1', he.id, 'Cue'), ctx)).toThrow(/said-by link goes from Quote to Speaker/);
  });

  it('rejects fragments out of range, reversed, overlapping, splitting an emoji, or not matching', () => {
    const { state, ids } = setup();
    const bad = (ranges: [number, number][]) => ({ op: 'addSpan' as const, articleId: 'a-1', span: spanOf(TEXT, 'Cue', ranges, ids) });
    expect(() => applyOperation(state, bad([[0, 999]]), ctx)).toThrow(OperationError);
    expect(() => applyOperation(state, { op: 'addSpan', articleId: 'a-1', span: { ...spanOf(TEXT, 'Cue', [[0, 999]], ids) } }, ctx)).toThrow(/outside the text/);
    expect(() => applyOperation(state, resizeSpan('a-1', 's-3', [{ start: 5, end: 3 }]), ctx)).toThrow(/empty or reversed/);
    expect(() => applyOperation(state, resizeSpan('a-1', 's-3', [{ start: 0, end: 5 }, { start: 3, end: 8 }]), ctx)).toThrow(/must not overlap/);
    const emoji = docOf('I 😀 it', 'a-2');
    const s2 = { ...state, docs: { ...state.docs, 'a-2': emoji } };
    expect(() => applyOperation(s2, { op: 'addSpan', articleId: 'a-2', span: spanOf('I 😀 it', 'Cue', [[2, 3]], ids) }, ctx)).toThrow(/splits a character/);
    const lying = { ...spanOf(TEXT, 'Cue', [at(TEXT, 'said')], ids) };
    lying.fragments = [{ ...lying.fragments[0]!, text: 'told' }];
    expect(() => applyOperation(state, { op: 'addSpan', articleId: 'a-1', span: lying }, ctx)).toThrow(/says "told" but the text there is "said"/);
  });

  it('sets status, and edits, merges and splits sources across articles', () => {
    const { state, he, ids } = setup();
    roundTrip(state, { op: 'setStatus', articleId: 'a-1', status: 'done' });
    const other = docOf('The agency said so.', 'a-2');
    let s: ProjectState = { ...state, docs: { ...state.docs, 'a-2': other }, sources: { ...state.sources, 'src-2': sourceOf('src-2', 'Sak', { aliases: ['the adviser'] }) } };
    const agency = spanOf(other.article.text, 'Speaker', [at(other.article.text, 'The agency')], ids, { sourceId: 'src-2' });
    s = applyOperation(s, { op: 'addSpan', articleId: 'a-2', span: agency }, ctx).state;
    roundTrip(s, { op: 'updateSource', sourceId: 'src-1', patch: { name: 'Yuri Sak (adviser)', role: 'adviser', kind: 'person' } });
    expect(() => applyOperation(s, { op: 'removeSource', sourceId: 'src-2' }, ctx)).toThrow(/still mentioned in article a-2/);

    const merged = roundTrip(s, mergeSources(s, 'src-1', 'src-2'));
    expect(merged.state.sources['src-2']).toBeUndefined();
    expect(merged.state.sources['src-1']!.aliases).toEqual(['Sak', 'the adviser']);
    expect(mentionsOf(merged.state, 'src-1')).toEqual([{ articleId: 'a-1', spanId: he.id }, { articleId: 'a-2', spanId: agency.id }]);
    expect([...merged.articles]).toEqual(['a-2']);

    const split = roundTrip(merged.state, splitSource(sourceOf('src-3', 'The agency', { kind: 'organization' }), [{ articleId: 'a-2', spanId: agency.id }]));
    expect(mentionsOf(split.state, 'src-3')).toEqual([{ articleId: 'a-2', spanId: agency.id }]);
    expect(() => mergeSources(s, 'src-1', 'src-1')).toThrow(/into itself/);
  });

  it('leaves the state untouched when a batch fails half way', () => {
    const { state, ids } = setup();
    const before = structuredClone(state);
    const good = spanOf(TEXT, 'Claim', [at(TEXT, 'The agency agreed')], ids);
    expect(() => applyOperation(state, { op: 'batch', ops: [{ op: 'addSpan', articleId: 'a-1', span: good }, { op: 'removeSpan', articleId: 'a-1', spanId: 'nope' }] }, ctx)).toThrow(/nope does not exist/);
    expect(state).toEqual(before);
  });
});

describe('operations (properties)', () => {
  const text = 'Ab “cd” ef 😀 gh, ij said. Kl mn “op qr” st. Uv wx yz é.';
  const labels = ['Speaker', 'Quote', 'Claim', 'Cue'];
  const linkTypes = ['said-by', 'cue-of', 'claimed-by'];

  /** Turns random numbers into an operation that may or may not fit the state. */
  function opFrom(state: ProjectState, n: number[], ids: ReturnType<typeof counterIds>): Operation {
    const doc = state.docs['a-1']!;
    const pick = <T,>(xs: readonly T[], k: number): T | undefined => (xs.length ? xs[k % xs.length] : undefined);
    const [kind = 0, a = 0, b = 0, c = 0] = n;
    const span = pick(doc.spans, a);
    // Offsets on character boundaries (never inside the emoji's surrogate pair).
    const bounds = [...Array(text.length + 1).keys()].filter((i) => !(text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff));
    const start = bounds[a % (bounds.length - 1)]!;
    const end = bounds[Math.min(bounds.length - 1, bounds.indexOf(start) + 1 + (b % 12))]!;
    switch (kind % 11) {
      case 9: {
        // An attribution event over random spans (issue 13, item 3); or one removed.
        const ev = pick(doc.events, b);
        if (ev && c % 3 === 0) return { op: 'removeEvent', articleId: 'a-1', eventId: ev.id };
        const roles = ['Source', 'Cue', 'Content'];
        const args = [b, c, a + c].slice(0, 1 + (c % 3)).map((k, i) => ({ role: roles[(k + i) % 3]!, spanId: pick(doc.spans, k)?.id ?? 'none' }));
        return { op: 'addEvent', articleId: 'a-1', event: { id: ids('e'), type: 'Attribution', ...(span && a % 2 ? { trigger: span.id } : {}), args } };
      }
      case 10: {
        const ev = pick(doc.events, a);
        return { op: 'updateEvent', articleId: 'a-1', eventId: ev?.id ?? 'none', patch: c % 2 ? { note: `n${b}` } : { args: (ev?.args ?? []).slice(0, b % 3) } };
      }
      case 0:
      case 1:
        return { op: 'addSpan', articleId: 'a-1', span: spanOf(text, pick(labels, c)!, [[start, end]], ids, c % 3 === 0 ? { sourceId: pick(Object.keys(state.sources), b)! } : {}) };
      case 2:
        return { op: 'removeSpan', articleId: 'a-1', spanId: span?.id ?? 'none' };
      case 3:
        return resizeSpan('a-1', span?.id ?? 'none', [{ start, end }]);
      case 4:
        return relabelSpan('a-1', span?.id ?? 'none', pick(labels, c)!);
      case 5: {
        const to = pick(doc.spans, b);
        return { op: 'addLink', articleId: 'a-1', link: { id: ids('l'), type: pick(linkTypes, c)!, from: span?.id ?? 'x', to: to?.id ?? 'y' } };
      }
      case 6:
        return { op: 'removeLink', articleId: 'a-1', linkId: pick(doc.links, a)?.id ?? 'none' };
      case 7:
        return c % 2 ? { op: 'addSource', source: sourceOf(ids('src'), `Source ${a}`) } : setAttributes('a-1', span?.id ?? 'none', { QuoteType: pick(['Direct', 'Indirect', 'Mixed'], b)! });
      default: {
        const srcs = Object.keys(state.sources);
        return srcs.length >= 2 ? mergeSources(state, srcs[0]!, srcs[1]!) : { op: 'setStatus', articleId: 'a-1', status: pick(['todo', 'in-progress', 'done'] as const, a)! };
      }
    }
  }

  it('any sequence of operations keeps the document valid, and undoing all gives back the start', () => {
    const applied: number[] = [];
    const attempted: number[] = [];
    let withEvents = 0;
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }), { maxLength: 40, size: 'max' }), (steps) => {
        const ids = counterIds();
        const plain = stateOf(docOf(text));
        const schema = { ...plain.schema, eventTypes: [{ name: 'Attribution', roles: ['Source', 'Cue', 'Content'], triggers: [], attributes: [] }] };
        const start: ProjectState = { ...plain, schema, sources: { 'src-a': sourceOf('src-a', 'A') } };
        let state = start;
        const inverses: Operation[] = [];
        for (const step of steps) {
          let op: Operation;
          try {
            op = opFrom(state, step, ids);
          } catch (e) {
            if (e instanceof OperationError) continue;
            throw e;
          }
          try {
            const r = applyOperation(state, op, ctx);
            state = r.state;
            inverses.push(r.inverse);
          } catch (e) {
            if (!(e instanceof OperationError)) throw e;
          }
          const doc = state.docs['a-1']!;
          expect(validateDoc(doc, state.schema, state.sources)).toEqual([]);
          expect([...doc.spans].sort(compareSpans)).toEqual(doc.spans);
          if (doc.events.length) withEvents++;
        }
        applied.push(inverses.length);
        attempted.push(steps.length);
        for (const inv of inverses.reverse()) state = applyOperation(state, inv, ctx).state;
        expect(state).toEqual(start);
      }),
      { numRuns: 200 },
    );
    // The generator must really exercise the model: most runs apply several operations.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(attempted) / attempted.length).toBeGreaterThan(10);
    expect(sum(applied) / sum(attempted)).toBeGreaterThan(0.5);
    expect(withEvents).toBeGreaterThan(100); // events are really made, changed and removed
  });

  it('replaces an article record only before annotation starts, and undoes it', () => {
    const empty = stateOf(docOf('Photo: agency.\n\nThe text itself.'));
    const old = empty.docs['a-1']!.article;
    const article = { ...old, text: 'The text itself.', paragraphs: [{ start: 0, end: 16 }] } as typeof old;
    const r = roundTrip(empty, { op: 'replaceArticle', articleId: 'a-1', article });
    expect(r.state.docs['a-1']!.article.text).toBe('The text itself.');
    expect(r.articles).toEqual(new Set(['a-1']));
    expect(() => applyOperation(empty, { op: 'replaceArticle', articleId: 'a-1', article: { ...article, paragraphs: [] } }, ctx))
      .toThrow(/paragraphs of the new record of article a-1 do not match its text/);
    expect(() => applyOperation(empty, { op: 'replaceArticle', articleId: 'a-1', article: { ...article, id: 'a-2' } }, ctx)).toThrow(/carries the id a-2/);
    const { state } = setup();
    expect(() => applyOperation(state, { op: 'replaceArticle', articleId: 'a-1', article: { ...state.docs['a-1']!.article, text: 'x', paragraphs: [{ start: 0, end: 1 }] } as typeof old }, ctx))
      .toThrow(/can change only before annotation starts; it has 3 annotations/);
  });
});
