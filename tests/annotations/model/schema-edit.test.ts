/**
 * The schema editor's pure checks: renames carried into link types, the verdict scale with the
 * Verdict attribute, keys refused when taken or kept by the app, and changes that would orphan
 * annotations refused with how many use them and where (never dropped).
 */
import { describe, expect, it } from 'vitest';
import {
  defaultSchema, renameLabel, schemaChangeProblems, schemaEditProblems, schemaUsageOfRows, usageKey, withLabel, withVerdictScale,
  type ProjectSchema,
} from '../../../annotations/index.js';

const none = { labels: {}, linkTypes: {}, attributes: {}, eventTypes: {} };
const rows = [
  { title: 'Budget vote', counts: { Quote: 2, Speaker: 1 }, linkTypes: { 'said-by': 1 }, attributes: { 'Quote/QuoteType=Direct': 2 } },
  { title: 'Cabinet', counts: { Quote: 1, Cue: 0 } },
];
const without = (schema: ProjectSchema, label: string): ProjectSchema => ({
  ...schema, labels: schema.labels.filter((l) => l.name !== label),
  linkTypes: schema.linkTypes.map((t) => ({ ...t, from: t.from.filter((x) => x !== label), to: t.to.filter((x) => x !== label) })).filter((t) => t.from.length && t.to.length),
});

describe('schemaUsageOfRows', () => {
  it('adds up the rows and names the articles that use each part, skipping zero counts', () => {
    const { usage, where } = schemaUsageOfRows([...rows, { title: 'Vote', counts: {}, eventTypes: { Attribution: 1 } }]);
    expect(usage.labels).toEqual({ Quote: 3, Speaker: 1 });
    expect(usage.eventTypes).toEqual({ Attribution: 1 });
    expect(usage.attributes).toEqual({ 'Quote/QuoteType=Direct': 2 });
    expect(where[usageKey('label', 'Quote')]).toEqual(['Budget vote', 'Cabinet']);
    expect(where[usageKey('label', 'Cue')]).toBeUndefined();
    expect(where[usageKey('event', 'Attribution')]).toEqual(['Vote']);
  });
});

describe('schemaChangeProblems with where', () => {
  it('names how many use a removed label and in which articles; without where, the sentence is as before', () => {
    const { usage, where } = schemaUsageOfRows(rows);
    const next = without(defaultSchema(), 'Quote');
    expect(schemaChangeProblems(next, usage, where)[0]).toBe('Label Quote is used by 3 spans in 2 articles ("Budget vote", "Cabinet"); relabel or remove them first.');
    expect(schemaChangeProblems(next, usage)[0]).toBe('Label Quote is used by 3 spans; relabel or remove them first.');
  });

  it('names at most three articles', () => {
    const many = ['A', 'B', 'C', 'D', 'E'].map((title) => ({ title, counts: { Cue: 1 } }));
    const { usage, where } = schemaUsageOfRows(many);
    expect(schemaChangeProblems(without(defaultSchema(), 'Cue'), usage, where)).toEqual(['Label Cue is used by 5 spans in 5 articles ("A", "B", "C", and 2 more); relabel or remove them first.']);
  });
});

describe('renameLabel', () => {
  it('renames the label and its mentions in link types and event triggers, nothing else', () => {
    const base = { ...defaultSchema(), eventTypes: [{ name: 'Attribution', roles: ['Source'], triggers: ['Cue'], attributes: [] }] };
    const next = renameLabel(base, 'Cue', 'Verb');
    expect(next.labels.map((l) => l.name)).toEqual(['Speaker', 'Quote', 'Claim', 'Verb']);
    expect(next.linkTypes.find((t) => t.name === 'cue-of')!.from).toEqual(['Verb']);
    expect(next.eventTypes[0]!.triggers).toEqual(['Verb']);
    expect(renameLabel(base, 'Nope', 'X')).toBe(base);
  });
});

describe('withVerdictScale', () => {
  it('sets the scale and the Verdict attribute that followed it; other attributes stay', () => {
    const next = withVerdictScale(defaultSchema(), ['False', 'Unproven', 'True']);
    expect(next.verdictScale).toEqual(['False', 'Unproven', 'True']);
    const claim = next.labels.find((l) => l.name === 'Claim')!;
    expect(claim.attributes.find((a) => a.name === 'Verdict')!.values).toEqual(['False', 'Unproven', 'True']);
    expect(claim.attributes.find((a) => a.name === 'CheckWorthy')!.values).toEqual(['yes', 'no']);
  });
});

describe('schemaEditProblems', () => {
  const reservedKey = (k: string) => (k.toLowerCase() === 'l' ? 'link (L)' : undefined);
  const withKey = (key: string) => {
    const s = withLabel(defaultSchema(), 'Rumour');
    return { ...s, labels: s.labels.map((l) => (l.name === 'Rumour' ? { ...l, key } : l)) };
  };

  it('accepts the default schema and a new label with a free key', () => {
    expect(schemaEditProblems(defaultSchema(), { usage: none, reservedKey })).toEqual([]);
    expect(schemaEditProblems(withKey('5'), { usage: none, reservedKey })).toEqual([]);
  });

  it('refuses a key another label has, one the app keeps (either case), and an attribute key of a label', () => {
    expect(schemaEditProblems(withKey('2'), { usage: none, reservedKey })).toEqual(['Key 2 is taken by Quote; Rumour needs another key.']);
    expect(schemaEditProblems(withKey('L'), { usage: none, reservedKey })).toEqual(['Key L of Rumour is taken by “link (L)”; choose another.']);
    expect(schemaEditProblems(withKey('d'), { usage: none, reservedKey })).toEqual(['Key d of Quote\'s QuoteType "Direct" is the key of label Rumour.']);
  });

  it('refuses names the format refuses, twice-used names and values, and link types naming unknown labels', () => {
    const s = defaultSchema();
    const bad: ProjectSchema = {
      ...s,
      labels: [...s.labels, { ...s.labels[0]!, name: 'speaker', key: '9' }, { ...s.labels[0]!, name: '9lives', key: '8' }],
      linkTypes: [...s.linkTypes, { name: 'about', exportName: 'About', from: ['Claim'], to: ['Topic'] }],
      verdictScale: ['False', 'False', 'True'],
    };
    const problems = schemaEditProblems(bad, { usage: none });
    expect(problems).toContain('Two labels are named speaker; each label needs its own name.');
    expect(problems.some((p) => p.startsWith('Label "9lives" (name): a label name is a letter'))).toBe(true);
    expect(problems).toContain('Link type about names Topic, which is not a label.');
    expect(problems).toContain('The verdict scale has False twice.');
  });

  it('refuses removing what is in use (with the count and where) and renaming a used label; renaming an unused one is fine', () => {
    const { usage, where } = schemaUsageOfRows(rows);
    expect(schemaEditProblems(without(defaultSchema(), 'Quote'), { usage, where })[0]).toMatch(/^Label Quote is used by 3 spans in 2 articles \("Budget vote", "Cabinet"\)/);
    const renamed = renameLabel(defaultSchema(), 'Quote', 'Statement');
    expect(schemaEditProblems(renamed, { usage, where, renamed: { Statement: 'Quote' } })).toEqual([
      'Label Quote cannot be renamed to Statement: 3 spans in 2 articles ("Budget vote", "Cabinet") use it. Add Statement as a new label, relabel those spans, then remove Quote.',
    ]);
    expect(schemaEditProblems(renameLabel(defaultSchema(), 'Claim', 'Statement'), { usage, where, renamed: { Statement: 'Claim' } })).toEqual([]);
    const noDirect = { ...defaultSchema(), labels: defaultSchema().labels.map((l) => (l.name === 'Quote' ? { ...l, attributes: [{ name: 'QuoteType', values: ['Indirect'] }] } : l)) };
    expect(schemaEditProblems(noDirect, { usage, where })).toEqual(['Quote\'s QuoteType "Direct" is set on 2 spans in 1 article ("Budget vote"); change them first.']);
  });
});
