/**
 * brat in, brat out is the identity (issue 13, items 1–3): labels, fragments, attributes, notes,
 * normalisations, relations and events come back; fragments out of text order are put in order
 * (with a note) and never refuse the article; the text is kept character for character.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annotationsToBrat, applyOperation, attributionsOf, bratToAnnotations, standoffToAnnotations, counterIds, defaultSchema, orderFragments, validateDoc, ProjectSchemaSchema,
  type ArticleDoc, type ProjectState, type StandoffImport,
} from '../../../annotations/index.js';
import { NOW } from '../../helpers/model.js';
import { bratIdentity, canonicalFragments, spanTextsMatch } from './brat-identity.js';

const FIXTURE = path.join(import.meta.dirname, '../..', 'fixtures', 'brat-roundtrip');
const read = (f: string) => readFileSync(path.join(FIXTURE, f), 'utf8');
const opts = () => ({ schema: defaultSchema(), newId: counterIds(), now: NOW, annotator: 'a' });

function roundTrip(txt: string, ann: string): { imported: StandoffImport; out: string } {
  const imported = bratToAnnotations(txt, ann, opts());
  const sources = Object.fromEntries(imported.sources.map((s) => [s.id, s]));
  const out = annotationsToBrat(imported.text, imported.spans, imported.links, { schema: imported.schema, sources, events: imported.events });
  return { imported, out };
}

const docOf = (r: StandoffImport): ArticleDoc => ({
  type: 'sourcemark-article', version: 2,
  article: { id: 'a-1', title: 't', text: r.text, paragraphs: [], metadata: {}, provenance: { origin: 'x.txt', importedAt: NOW }, status: 'todo' },
  spans: r.spans, links: r.links, events: r.events,
});

describe('brat → Sourcemark → brat', () => {
  for (const file of ['kherson_bridge', 'second/officials']) {
    it(`gives back the same annotations: ${file}`, () => {
      const txt = read(`${file}.txt`);
      const ann = read(`${file}.ann`);
      const { imported, out } = roundTrip(txt, ann);
      expect(imported.text).toBe(txt); // character for character: CRLF, combining accents, emoji
      expect(bratIdentity(out)).toEqual(bratIdentity(ann));
      expect(spanTextsMatch(imported.text, out)).toEqual([]);
      // And a second trip changes nothing at all, byte for byte.
      expect(roundTrip(imported.text, out).out).toBe(out);
    });
  }

  it('holds each source–cue–content attribution as one event with its trigger, and derives links the app shows', () => {
    const { imported } = roundTrip(read('kherson_bridge.txt'), read('kherson_bridge.ann'));
    expect(imported.events).toHaveLength(3);
    const label = (id?: string) => imported.spans.find((s) => s.id === id)?.label;
    const e3 = imported.events[2]!;
    expect(label(e3.trigger)).toBe('Attribution');
    expect(e3.args.map((a) => `${a.role}:${label(a.spanId)}`)).toEqual(['Source:Source', 'Source:Source', 'Cue:Cue', 'Content:Content']);
    expect(imported.events[0]!.attributes).toEqual({ Certainty: 'High' });
    expect(imported.events[1]!.note).toBe('first line of a note\nsecond line, with é and ’quotes’');
    // Derived links belong to their event and are not written as R lines.
    expect(imported.links.filter((l) => l.event).length).toBeGreaterThan(0);
    expect(imported.links.filter((l) => !l.event).map((l) => l.type)).toEqual(['coref']);
    const atts = attributionsOf(docOf(imported));
    expect(atts.map((a) => [a.source?.fragments[0]!.text, a.cue?.fragments[0]!.text, a.content?.fragments.map((f) => f.text).join(' ')])).toEqual([
      ['Minister Zoe\u0308 Kovac\u030c', 'said', '“the bridge will reopen 🚧 in spring”'],
      ['the mayor of Kherson', 'warned', '“We are not there yet,” “but the repairs are going well.”'],
      ['The minister', 'said', '“confident”'],
    ]);
    // The schema that comes out passes the schema that reads it (issue 14, item 2).
    expect(ProjectSchemaSchema.safeParse(imported.schema).success).toBe(true);
    expect(imported.schema.eventTypes).toMatchObject([{ name: 'Attribution', roles: ['Source', 'Cue', 'Content'] }]);
    expect(validateDoc(docOf(imported), imported.schema, Object.fromEntries(imported.sources.map((s) => [s.id, s])))).toEqual([]);
  });

  it('puts fragments out of text order in order, joins touching ones, and says so', () => {
    const { imported } = roundTrip(read('second/officials.txt'), read('second/officials.ann'));
    const content = imported.spans.find((s) => s.label === 'Content')!;
    expect(content.fragments.map((f) => f.text)).toEqual(['“nothing had changed”', '“the café stays open”']);
    expect(imported.warnings.join('\n')).toMatch(/line 3: span T3 \(Content\) had its fragments out of text order and touching or overlapping \(91 103;82 91;48 69\); they were put in order and joined \(48 69;82 103\)/);
  });

  it('maps a label the label-name rule refuses to a valid name, says so with the line, and writes the tool’s spelling back', () => {
    const { imported, out } = roundTrip(read('kherson_bridge.txt'), read('kherson_bridge.ann'));
    expect(imported.spans.find((s) => s.fragments[0]!.text === 'Kherson')!.label).toBe('Place-City');
    expect(imported.schema.labels.find((l) => l.name === 'Place-City')).toMatchObject({ exportName: 'Place.City' });
    expect(imported.warnings.join('\n')).toMatch(/line 12: label "Place.City" is not a valid label name .* named "Place-City"/);
    expect(out).toMatch(/\tPlace\.City 118 125\tKherson\n/);
    const odd = bratToAnnotations('abc', 'T1\t.:; 0 3\tabc\n', opts());
    expect(odd.spans[0]!.label).toBe('Label-2e-3a-3b');
    expect(odd.schema.labels.find((l) => l.name === 'Label-2e-3a-3b')).toMatchObject({ exportName: '.:;' });
    expect(() => standoffToAnnotations({ text: 'abc', unit: 'codepoint', entities: [{ key: 'e1', label: ' ', fragments: [{ start: 0, end: 3 }], line: 4 }], relations: [] }, opts())).toThrow(/line 4: label " " cannot be a label name/);
  });

  it('random fragment orders (and splits into touching pieces) import to the same span', () => {
    const text = 'Officials said on Tuesday that “the bridge will reopen in spring”, the café owner said. 😀 Done.';
    const cps = [...text];
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: cps.length }), { minLength: 2, maxLength: 10 }),
      fc.array(fc.nat(), { maxLength: 10 }), fc.array(fc.boolean(), { maxLength: 10 }),
      (cuts, shuffle, splits) => {
        const b = [...cuts].sort((x, y) => x - y);
        let frags: [number, number][] = [];
        for (let i = 0; i + 1 < b.length; i += 2) frags.push([b[i]!, b[i + 1]!]);
        frags = frags.filter(([s, e]) => e > s);
        if (!frags.length) return;
        // Split some fragments into two touching pieces, then shuffle.
        frags = frags.flatMap(([s, e], i) => (splits[i] && e - s > 1 ? [[s, s + 1], [s + 1, e]] as [number, number][] : [[s, e]] as [number, number][]));
        const order = frags.map((f, i) => ({ f, k: shuffle[i] ?? i })).sort((x, y) => x.k - y.k).map((x) => x.f);
        const offs = order.map(([s, e]) => `${s} ${e}`).join(';');
        const body = order.map(([s, e]) => cps.slice(s, e).join('')).join(' ').replace(/\n/g, ' ');
        const r = bratToAnnotations(text, `T1\tQuote ${offs}\t${body}\n`, opts());
        const cp = (o: number) => [...text.slice(0, o)].length;
        expect(r.spans[0]!.fragments.map((f) => `${cp(f.start)} ${cp(f.end)}`).join(';')).toBe(canonicalFragments(offs));
        expect(r.spans[0]!.fragments.every((f, i, all) => i === 0 || f.start > all[i - 1]!.end)).toBe(true);
      },
    ), { numRuns: 300 });
  });

  it('orderFragments sorts and joins', () => {
    expect(orderFragments([{ start: 10, end: 12 }, { start: 0, end: 3 }, { start: 3, end: 5 }])).toEqual({ fragments: [{ start: 0, end: 5 }, { start: 10, end: 12 }], reordered: true, joined: true });
    expect(orderFragments([{ start: 0, end: 3 }, { start: 4, end: 5 }])).toMatchObject({ reordered: false, joined: false });
  });
});

describe('events as operations', () => {
  const setup = () => {
    const r = bratToAnnotations(read('kherson_bridge.txt'), read('kherson_bridge.ann'), opts());
    const doc = docOf(r);
    const state: ProjectState = { schema: r.schema, sources: Object.fromEntries(r.sources.map((s) => [s.id, s])), docs: { 'a-1': doc } };
    return { r, doc, state };
  };
  const ctx = { now: NOW };

  it('removing a span an event uses takes it out of the event (and its derived links); undo puts back all', () => {
    const { doc, state } = setup();
    const ev = doc.events[0]!;
    const cue = ev.args.find((a) => a.role === 'Cue')!.spanId;
    const applied = applyOperation(state, { op: 'removeSpan', articleId: 'a-1', spanId: cue }, ctx);
    const after = applied.state.docs['a-1']!;
    expect(after.events[0]!.args.map((a) => a.role)).toEqual(['Source', 'Content']);
    expect(after.links.some((l) => l.from === cue || l.to === cue)).toBe(false);
    expect(validateDoc(after, state.schema, state.sources)).toEqual([]);
    const back = applyOperation(applied.state, applied.inverse, ctx).state.docs['a-1']!;
    expect(back.events).toEqual(doc.events);
    expect([...back.links].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...doc.links].sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('removing a trigger that is all an event has removes the event; undo restores it in place', () => {
    const { doc, state } = setup();
    const lone = { id: 'e-x', type: 'Attribution', trigger: doc.events[1]!.trigger!, args: [] };
    const s1 = applyOperation(state, { op: 'addEvent', articleId: 'a-1', event: lone }, ctx).state;
    const applied = applyOperation(s1, { op: 'removeSpan', articleId: 'a-1', spanId: lone.trigger }, ctx);
    expect(applied.state.docs['a-1']!.events.map((e) => e.id)).not.toContain('e-x');
    expect(applyOperation(applied.state, applied.inverse, ctx).state.docs['a-1']!.events).toEqual(s1.docs['a-1']!.events);
  });

  it('add, update and remove events, each with its inverse; derived links follow', () => {
    const { doc, state } = setup();
    const [e1] = doc.events;
    const removed = applyOperation(state, { op: 'removeEvent', articleId: 'a-1', eventId: e1!.id }, ctx);
    expect(removed.state.docs['a-1']!.links.some((l) => l.event === e1!.id)).toBe(false);
    const sameLinks = (d: ArticleDoc) => ({ ...d, links: [...d.links].sort((a, b) => a.id.localeCompare(b.id)) });
    expect(sameLinks(applyOperation(removed.state, removed.inverse, ctx).state.docs['a-1']!)).toEqual(sameLinks(doc));
    const upd = applyOperation(state, { op: 'updateEvent', articleId: 'a-1', eventId: e1!.id, patch: { args: e1!.args.filter((a) => a.role !== 'Cue'), note: 'checked' } }, ctx);
    const ev = upd.state.docs['a-1']!.events[0]!;
    expect(ev).toMatchObject({ note: 'checked' });
    expect(upd.state.docs['a-1']!.links.filter((l) => l.event === e1!.id)).toHaveLength(ev.args.length);
    expect(sameLinks(applyOperation(upd.state, upd.inverse, ctx).state.docs['a-1']!)).toEqual(sameLinks(doc));
    expect(() => applyOperation(state, { op: 'addEvent', articleId: 'a-1', event: { id: 'e-y', type: 'Nope', args: [] } }, ctx)).toThrow(/no event type "Nope"/);
    expect(() => applyOperation(state, { op: 'addEvent', articleId: 'a-1', event: { id: 'e-y', type: 'Attribution', args: [{ role: 'Who', spanId: doc.spans[0]!.id }] } }, ctx)).toThrow(/no role "Who"/);
    expect(() => applyOperation(state, { op: 'addEvent', articleId: 'a-1', event: { id: 'e-y', type: 'Attribution', args: [{ role: 'Source', spanId: 'nope' }] } }, ctx)).toThrow(/span nope, which does not exist/);
  });
});
