import { describe, expect, it } from 'vitest';
import { counterIds, defaultSchema, doccanoExporter, doccanoRecord, standoffToAnnotations } from '../../../annotations/index.js';
import { NOW } from '../../helpers/model.js';
import { TEXT, exportContext, runFile, smallDoc } from './small-doc.js';

describe('doccano exporter: a small article', () => {
  it('writes one JSON line: entities in code points (a discontinuous span as one entity per fragment, listed), relations by entity id, metadata', () => {
    const warnings: string[] = [];
    const out = runFile(doccanoExporter, [smallDoc({ discontinuous: true })], exportContext(warnings));
    expect(out).toBe(JSON.stringify({
      id: 'a-1', text: TEXT,
      entities: [
        { id: 1, label: 'Speaker', start_offset: 0, end_offset: 3 }, { id: 2, label: 'Cue', start_offset: 6, end_offset: 10 },
        { id: 3, label: 'Quote', start_offset: 12, end_offset: 22 }, { id: 4, label: 'Claim', start_offset: 12, end_offset: 22 },
        { id: 5, label: 'Speaker', start_offset: 25, end_offset: 27 }, { id: 6, label: 'Speaker', start_offset: 36, end_offset: 41 },
      ],
      relations: [{ id: 1, from_id: 3, to_id: 1, type: 'SaidBy' }, { id: 2, from_id: 2, to_id: 3, type: 'CueOf' }, { id: 3, from_id: 4, to_id: 1, type: 'ClaimedBy' }],
      title: 'Taxes', language: 'en',
      sourcemark: { offsets: 'codepoint', simplified: ['s-5 (Speaker) split into 2 entities'] },
    }) + '\n');
    expect(warnings).toEqual(['doccano has no discontinuous spans: spans of several fragments were written as one span per fragment (listed in each document\'s "sourcemark.simplified").']);
  });

  it('no warning without discontinuous spans; what it writes, the reader reads back to the same spans and links', () => {
    const warnings: string[] = [];
    const out = runFile(doccanoExporter, [smallDoc()], exportContext(warnings));
    expect(warnings).toEqual([]);
    const rec = doccanoRecord(JSON.parse(out), 1);
    expect(rec.meta).toMatchObject({ id: 'a-1', title: 'Taxes' });
    const back = standoffToAnnotations(rec.standoff, { schema: defaultSchema(), newId: counterIds(), now: NOW, annotator: 'x' });
    expect(back.spans.map((s) => [s.label, s.fragments[0]!.text])).toEqual([['Speaker', 'Ana'], ['Cue', 'said'], ['Quote', 'taxes fell'], ['Claim', 'taxes fell']]);
    expect(back.links.map((l) => l.type)).toEqual(['said-by', 'cue-of', 'claimed-by']);
  });
});
