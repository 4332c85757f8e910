/** Where the index says each part of the schema is used: article titles per label, link type, event type and attribute value. */
import { describe, expect, it } from 'vitest';
import { defaultSchema, schemaChangeProblems, usageKey } from '../../../annotations/index.js';
import type { IndexEntry } from '../../../app/store/index-file.js';
import { schemaUsageOf, schemaUsageWhere } from '../../../app/store/listing.js';

const entry = (id: string, extra: Partial<IndexEntry>): IndexEntry => ({
  id, title: `Article ${id}`, status: 'todo', counts: {}, links: 0, sources: [], words: 10, updatedAt: '2026-03-01T10:00:00.000Z', mtimeMs: 1, size: 2, ...extra,
});

describe('schemaUsageWhere', () => {
  it('names the articles that use each part, and with the usage names them in a refusal', () => {
    const entries = [
      entry('a', { counts: { Quote: 2 }, linkTypes: { 'said-by': 1 }, attributes: { 'Quote/QuoteType=Direct': 1 } }),
      entry('b', { counts: { Quote: 1, Speaker: 0 }, eventTypes: { Attribution: 2 } }),
    ];
    const where = schemaUsageWhere(entries);
    expect(where[usageKey('label', 'Quote')]).toEqual(['Article a', 'Article b']);
    expect(where[usageKey('label', 'Speaker')]).toBeUndefined();
    expect(where[usageKey('link', 'said-by')]).toEqual(['Article a']);
    expect(where[usageKey('event', 'Attribution')]).toEqual(['Article b']);
    expect(where[usageKey('attr', 'Quote/QuoteType=Direct')]).toEqual(['Article a']);
    const s = defaultSchema();
    const next = { ...s, labels: s.labels.filter((l) => l.name !== 'Quote'), linkTypes: s.linkTypes.filter((t) => !t.from.includes('Quote') && !t.to.includes('Quote')) };
    expect(schemaChangeProblems(next, schemaUsageOf(entries), where).slice(0, 2)).toEqual([
      'Label Quote is used by 3 spans in 2 articles ("Article a", "Article b"); relabel or remove them first.',
      'Link type said-by is used by 1 link in 1 article ("Article a"); remove them first.',
    ]);
  });
});
