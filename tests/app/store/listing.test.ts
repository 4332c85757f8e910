/** What the store answers from its index alone: the list, the `stats` figures, the schema's usage. */
import { describe, expect, it } from 'vitest';
import { damagedEntry, type IndexEntry } from '../../../app/store/index-file.js';
import { listEntries, schemaUsageOf, statsOf } from '../../../app/store/listing.js';

const entry = (id: string, extra: Partial<IndexEntry> = {}): IndexEntry => ({
  id, title: `Article ${id}`, status: 'todo', counts: {}, links: 0, sources: [], words: 10,
  updatedAt: '2026-03-01T10:00:00.000Z', mtimeMs: 1, size: 2, ...extra,
});

const entries: IndexEntry[] = [
  entry('b', { title: 'Budget vote', status: 'done', outlet: 'Daily Post', counts: { Speaker: 2, Quote: 1 }, links: 1, linkTypes: { 'said-by': 1 }, updatedAt: '2026-03-03T00:00:00.000Z' }),
  entry('a', { title: 'alpha news', status: 'in-progress', counts: { Speaker: 1 }, attributes: { 'Quote/QuoteType=Direct': 1 }, eventTypes: { Vote: 2 }, published: '2026-01-01' }),
  entry('c', { title: 'Cabinet', updatedAt: '2026-03-02T00:00:00.000Z' }),
  damagedEntry('d', 'the file is empty', 5, 0),
];

describe('listEntries', () => {
  it('sorts by title case-insensitively by default, drops the file fields, and counts progress over all', () => {
    const list = listEntries(entries);
    expect(list.items.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(list.items[0]).not.toHaveProperty('mtimeMs');
    expect(list.items[0]).not.toHaveProperty('size');
    expect(list.progress).toEqual({ todo: 1, inProgress: 1, done: 1, damaged: 1 });
    expect(list.total).toBe(4);
  });

  it('filters by status (a damaged file is only "damaged") and by search in title or outlet', () => {
    expect(listEntries(entries, { status: 'todo' }).items.map((e) => e.id)).toEqual(['c']);
    expect(listEntries(entries, { status: 'damaged' }).items.map((e) => e.id)).toEqual(['d']);
    expect(listEntries(entries, { search: '  daily ' }).items.map((e) => e.id)).toEqual(['b']);
    expect(listEntries(entries, { search: 'ALPHA' }).items.map((e) => e.id)).toEqual(['a']);
  });

  it('sorts by update time or published date, descending when asked, and pages after counting', () => {
    expect(listEntries(entries, { sort: 'updated', descending: true }).items.map((e) => e.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(listEntries(entries, { sort: 'published' }).items.map((e) => e.id)).toEqual(['b', 'c', 'd', 'a']);
    const page = listEntries(entries, { offset: 1, limit: 2 });
    expect(page.items.map((e) => e.id)).toEqual(['b', 'c']);
    expect(page.total).toBe(4);
    expect(listEntries(entries, { limit: 0 }).items).toEqual([]);
  });
});

describe('statsOf and schemaUsageOf', () => {
  it('adds spans per label and links, lists damaged files, and takes the counts it is given', () => {
    expect(statsOf(entries, 4, 7)).toEqual({
      articles: 4, spans: { Speaker: 3, Quote: 1 }, links: 1, sources: 7,
      damaged: [{ id: 'd', reason: 'the file is empty' }], progress: { todo: 1, inProgress: 1, done: 1, damaged: 1 },
    });
  });

  it('adds labels, link types, attributes and event types over the entries', () => {
    expect(schemaUsageOf(entries)).toEqual({
      labels: { Speaker: 3, Quote: 1 }, linkTypes: { 'said-by': 1 }, attributes: { 'Quote/QuoteType=Direct': 1 }, eventTypes: { Vote: 2 },
    });
    expect(schemaUsageOf([])).toEqual({ labels: {}, linkTypes: {}, attributes: {}, eventTypes: {} });
  });
});
