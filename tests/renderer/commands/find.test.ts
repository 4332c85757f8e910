/** Find in the article: its hits (ignoring case), stepping through them, selecting one for a label key. */
import { describe, expect, it } from 'vitest';
import { findHits } from '../../../annotations/text/find.js';
import { closeFind, findStep, openFind, selectFound, setFindQuery } from '../../../renderer/commands/find.js';
import { range, setup } from '../fakes.js';

describe('find', () => {
  it('finds every occurrence, ignoring case, without overlaps', () => {
    expect(findHits('Aa aA aaa', 'aa')).toEqual([{ start: 0, end: 2 }, { start: 3, end: 5 }, { start: 6, end: 8 }]);
    expect(findHits('text', '')).toEqual([]);
    expect(findHits('a.b a+b (a)', 'a+b')).toEqual([{ start: 4, end: 7 }]);
  });

  it('gives offsets into the text itself when lower-casing would change its length', () => {
    // "İ".toLowerCase() is two code units: hits found in a lower-cased copy came one too far.
    const text = 'İstanbul said yes; Ankara said no.';
    const hits = findHits(text, 'SAID');
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual(['said', 'said']);
  });

  it('scrolls to each hit in turn, shows them in the overlay while open, and selects the current one', async () => {
    const { wb, view } = await setup();
    openFind.perform(wb);
    setFindQuery.perform(wb, 'THE');
    const hits = wb.store.get().find.hits;
    expect(hits.map((h) => h.start)).toEqual([range('the')[0], range('The')[0]]);
    expect(view.scrolledTo.at(-1)).toBe(hits[0]!.start);
    expect(view.overlays.at(-1)!.found).toBe(hits);
    findStep.perform(wb, 1);
    findStep.perform(wb, 1);
    findStep.perform(wb, -1);
    expect(wb.store.get().find.index).toBe(1);
    expect(view.overlays.at(-1)!.foundIndex).toBe(1);
    selectFound.perform(wb);
    expect(view.selected).toEqual([hits[1]!.start, hits[1]!.end]);
    expect(wb.store.get().find.open).toBe(false);
    expect(view.overlays.at(-1)!.found).toEqual([]);
    openFind.perform(wb);
    closeFind.perform(wb);
    expect(view.focused).toBe(2);
  });
});
