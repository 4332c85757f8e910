import { describe, expect, it } from 'vitest';
import { DATASET_TYPE, FormatError, fromDatasetLine, jsonlExporter, toDatasetLine } from '../../../annotations/index.js';
import { NOW } from '../../helpers/model.js';
import { SOURCE, TEXT, exportContext, runFile, smallDoc } from './small-doc.js';

describe('jsonl exporter: a small article', () => {
  it('writes one dataset line per article: the article, its spans in the unit said, links, attributions, the definitions it uses and its sources', () => {
    const warnings: string[] = [];
    const ctx = exportContext(warnings);
    const out = runFile(jsonlExporter, [smallDoc({ discontinuous: true })], ctx);
    expect(out).toBe(JSON.stringify(toDatasetLine(smallDoc({ discontinuous: true }), ctx.sources, 'codepoint', { schema: ctx.schema, attributions: true })) + '\n');
    const line = JSON.parse(out) as Record<string, unknown> & { spans: { id: string; fragments: unknown[] }[]; attributions: unknown[]; schema: { labels: { name: string }[]; linkTypes: { name: string }[] } };
    expect(line).toMatchObject({ type: DATASET_TYPE, version: 1, offsets: 'codepoint', id: 'a-1', title: 'Taxes', text: TEXT, metadata: { language: 'en' }, status: 'todo', sources: [SOURCE], events: [] });
    expect(line.spans.find((s) => s.id === 's-5')!.fragments).toEqual([{ start: 25, end: 27, text: 'Bo' }, { start: 36, end: 41, text: 'again' }]);
    expect(line.attributions).toEqual([
      { id: 's-3', type: 'links', source: { spanId: 's-1', label: 'Speaker', text: 'Ana' }, cue: { spanId: 's-2', label: 'Cue', text: 'said' }, content: { spanId: 's-3', label: 'Quote', text: 'taxes fell' }, sourceId: 'src-1' },
      { id: 's-4', type: 'links', source: { spanId: 's-1', label: 'Speaker', text: 'Ana' }, cue: null, content: { spanId: 's-4', label: 'Claim', text: 'taxes fell' }, sourceId: 'src-1' },
    ]);
    expect(line.schema.labels.map((l) => l.name)).toEqual(['Speaker', 'Cue', 'Quote', 'Claim']);
    expect(line.schema.linkTypes.map((l) => l.name)).toEqual(['said-by', 'cue-of', 'claimed-by']);
    expect(warnings).toEqual([]);
  });

  it('is lossless: the reader gives back the article, in either unit', () => {
    for (const unit of ['codepoint', 'utf16'] as const) {
      const ctx = exportContext([], { unit });
      const back = fromDatasetLine(JSON.parse(runFile(jsonlExporter, [smallDoc({ discontinuous: true })], ctx)), 1, NOW);
      expect(back.doc.spans).toEqual(smallDoc({ discontinuous: true }).spans);
      expect(back.doc.links).toEqual(smallDoc().links);
      expect(back.sources).toEqual([SOURCE]);
    }
  });

  it('a line missing a field names the field and says it is missing (not "received undefined")', () => {
    const line = JSON.parse(runFile(jsonlExporter, [smallDoc()], exportContext())) as { provenance: Record<string, unknown> };
    delete line.provenance.importedAt;
    const read = () => fromDatasetLine(line, 3, NOW);
    expect(read).toThrow(FormatError);
    expect(read).toThrow('line 3: not a Sourcemark dataset line (provenance.importedAt: Invalid input: expected string, but it is missing)');
  });
});
