/**
 * What an import writes to the schema always passes the schema that reads it (issue 14, item 2),
 * and a dataset line from another project fits a fresh one (issue 13, item 7).
 */
import { describe, expect, it } from 'vitest';
import { ProjectSchemaSchema, defaultSchema, fitSchema, schemaChangeProblems, validLabelName, validateDoc, type ArticleDoc } from '../../../annotations/index.js';
import { docOf, spanOf } from '../../helpers/model.js';

describe('fitSchema', () => {
  it('adds labels, attribute values, link and event types a document brings, renaming names the rules refuse', () => {
    const text = 'The spokesperson said no.';
    const base = docOf(text);
    const who = spanOf(text, 'Source.Person', [[4, 16]], undefined, { attributes: { Kind: 'official' } });
    const what = { ...spanOf(text, 'Content', [[22, 24]]), id: 's-2' };
    const doc: ArticleDoc = {
      ...base, spans: [who, what],
      links: [{ id: 'l-1', type: 'Said By', from: what.id, to: who.id }],
      events: [{ id: 'e-1', type: 'Attribution', args: [{ role: 'Source', spanId: who.id }, { role: 'Content', spanId: what.id }] }],
    };
    const fit = fitSchema(defaultSchema(), doc);
    expect(ProjectSchemaSchema.safeParse(fit.schema).success).toBe(true);
    expect(fit.doc.spans[0]!.label).toBe('Source-Person');
    expect(fit.schema.labels.find((l) => l.name === 'Source-Person')).toMatchObject({ exportName: 'Source.Person', attributes: [{ name: 'Kind', values: ['official'] }] });
    expect(fit.doc.links[0]!.type).toBe('said-by-2'); // not the default said-by, which joins Quote to Speaker
    expect(fit.schema.linkTypes.find((t) => t.name === 'said-by-2')).toMatchObject({ exportName: 'Said By' });
    expect(fit.schema.eventTypes).toMatchObject([{ name: 'Attribution', roles: ['Source', 'Content'] }]);
    expect(validateDoc(fit.doc, fit.schema, {})).toEqual([]);
    expect(fit.warnings.join('\n')).toMatch(/label "Source.Person" is not a valid label name; it is named "Source-Person"/);
  });

  it('validLabelName keeps valid names, reuses an imported spelling, makes new names unique, refuses only an empty name', () => {
    const schema = { ...defaultSchema(), labels: [...defaultSchema().labels, { name: 'Source-Person', exportName: 'Source.Person', color: '#000000', attributes: [], refersToSource: false }] };
    expect(validLabelName(schema, 'Speaker')).toEqual({ name: 'Speaker', renamed: false });
    expect(validLabelName(schema, 'Source.Person')).toEqual({ name: 'Source-Person', renamed: true });
    expect(validLabelName(schema, 'Source:Person')).toEqual({ name: 'Source-Person-2', renamed: true });
    expect(validLabelName(schema, 'Café Owner')).toEqual({ name: 'Cafe-Owner', renamed: true });
    expect(validLabelName(schema, '42')).toEqual({ name: 'L-42', renamed: true });
    expect(validLabelName(schema, '人物')).toEqual({ name: 'Label-4eba-7269', renamed: true });
    expect(validLabelName(schema, '::')).toEqual({ name: 'Label-3a-3a', renamed: true });
    expect(validLabelName(schema, ' ')).toBeUndefined();
  });

  it('a schema change that drops an event type in use is a problem', () => {
    expect(schemaChangeProblems(defaultSchema(), { labels: {}, linkTypes: {}, attributes: {}, eventTypes: { Attribution: 3 } })).toEqual(['Event type Attribution is used by 3 events; remove them first.']);
  });
});
