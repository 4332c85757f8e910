/**
 * changedRun (annotations/model/changed.ts): the items between the common start and end of two
 * versions of a list, by identity, which the limits and the desk's change log look at instead of
 * every item (issue 19). An edit anywhere, a move, and lists that share nothing.
 */
import { describe, expect, it } from 'vitest';
import { changedRun } from '../../../annotations/model/changed.js';
import { changedItems } from '../../../app/team/conflicts.js';
import { articleLimitProblem } from '../../../annotations/model/limits.js';
import { articleDoc, span } from '../../helpers/project.js';

const items = Array.from({ length: 6 }, (_, i) => ({ id: `x${i}` }));

describe('changedRun', () => {
  it('is empty for the same items, and holds only what an edit touched', () => {
    expect(changedRun(items, [...items])).toEqual({ before: [], after: [] });
    const added = { id: 'new' };
    expect(changedRun(items, [...items.slice(0, 3), added, ...items.slice(3)])).toEqual({ before: [], after: [added] });
    expect(changedRun(items, [...items.slice(0, 2), ...items.slice(3)])).toEqual({ before: [items[2]], after: [] });
    const changed = { id: 'x5' };
    expect(changedRun(items, [...items.slice(0, 5), changed])).toEqual({ before: [items[5]], after: [changed] });
    expect(changedRun(items, [items[1]!, items[0]!, ...items.slice(2)])).toEqual({ before: [items[0], items[1]], after: [items[1], items[0]] });
    expect(changedRun([], items)).toEqual({ before: [], after: items });
    expect(changedRun(items, [])).toEqual({ before: items, after: [] });
  });

  it('leaves the change log and the limits as they were: every changed item found, a span kept as it was never refused again', () => {
    const doc = articleDoc('a-1', 'The ministry said the withdrawal was complete.');
    const spans = Array.from({ length: 5 }, (_, i) => span(doc, `s-${i}`, 'Quote', i, i + 3));
    const before = { ...doc, spans };
    const relabelled = { ...spans[2]!, label: 'Cue' };
    const after = { ...doc, spans: [spans[0]!, spans[1]!, relabelled, spans[4]!, span(doc, 's-9', 'Cue', 9, 12)] };
    expect(changedItems(before, after).sort()).toEqual(['span:s-2', 'span:s-3', 'span:s-9']);
    expect(changedItems(before, { ...before, spans: [...spans] })).toEqual([]);
    // A span already over the note limit is not refused when another span changes; a new one over it is.
    const long = { ...spans[0]!, note: 'x'.repeat(20) };
    const limits = { textLength: 1e6, spans: 100, fragmentsPerSpan: 10, links: 100, events: 100, noteLength: 10 };
    const was = { ...before, spans: [long, ...spans.slice(1)] };
    expect(articleLimitProblem({ ...was, spans: [long, ...spans.slice(1, 4), relabelled] }, was, limits)).toBeUndefined();
    expect(articleLimitProblem({ ...was, spans: [...was.spans, { ...spans[1]!, id: 's-10', note: 'y'.repeat(20) }] }, was, limits)).toMatch(/note on the Quote span/);
  });
});
