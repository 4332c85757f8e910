/** Reconciling the server's copy with the page's: equal objects keep their identity, changed ones are the server's. */
import { describe, expect, it } from 'vitest';
import { reconcileById, reconcileDoc, sameValue } from '../../../renderer/state/reconcile.js';
import { articleDoc, spanIn } from '../fakes.js';

const doc = () => {
  const d = articleDoc('a-1');
  return { ...d, spans: [spanIn(d, 's-1', 'Speaker', 'Alice Smith'), spanIn(d, 's-2', 'Quote', 'the budget was late')] };
};

describe('reconcile', () => {
  it('treats a missing key and an undefined one as equal (as JSON does), and compares deeply', () => {
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
  });

  it('returns the local article itself when the server\'s copy is equal', () => {
    const local = doc();
    expect(reconcileDoc(local, structuredClone(local))).toBe(local);
  });

  it('keeps unchanged spans, takes changed and new ones, drops removed ones', () => {
    const local = doc();
    const server = structuredClone(local);
    server.spans[1] = { ...server.spans[1]!, label: 'Claim' };
    server.spans.push(spanIn(local, 's-3', 'Speaker', 'Bob Jones'));
    const out = reconcileDoc(local, server);
    expect(out.spans[0]).toBe(local.spans[0]);
    expect(out.spans[1]).toBe(server.spans[1]);
    expect(out.spans[2]).toBe(server.spans[2]);
    expect(out.article).toBe(local.article);
    expect(out.links).toBe(local.links);
    expect(reconcileById(local.spans, [structuredClone(local.spans[1]!)])).toEqual([local.spans[1]]);
    expect(reconcileById(local.spans, [structuredClone(local.spans[1]!)])[0]).toBe(local.spans[1]);
  });

  it('takes the server\'s copy of another article as it is', () => {
    const other = articleDoc('a-2');
    expect(reconcileDoc(doc(), other)).toBe(other);
    expect(reconcileDoc(null, other)).toBe(other);
  });
});
