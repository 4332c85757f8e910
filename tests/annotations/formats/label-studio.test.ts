import { describe, expect, it } from 'vitest';
import { labelStudioExporter, labelStudioTasks } from '../../../annotations/index.js';
import { TEXT, exportContext, runFile, smallDoc } from './small-doc.js';

describe('label-studio exporter: a small article', () => {
  it('writes an array of tasks, regions in UTF-16 units by default (its unit), a region per fragment, relations, and the labelling config', () => {
    expect(labelStudioExporter.defaultUnit).toBe('utf16');
    const warnings: string[] = [];
    const ctx = exportContext(warnings, { unit: 'utf16' });
    const out = runFile(labelStudioExporter, [smallDoc({ discontinuous: true }), { ...smallDoc(), article: { ...smallDoc().article, id: 'a-2' } }], ctx);
    expect(out.startsWith('[\n{"id":"a-1",')).toBe(true);
    expect(out).toContain('},\n{"id":"a-2",');
    expect(out.endsWith('}\n]\n')).toBe(true);
    const tasks = JSON.parse(out) as { id: string; data: unknown; annotations: { result: Record<string, unknown>[]; completed_by: string }[]; meta: unknown }[];
    expect(tasks.map((t) => t.id)).toEqual(['a-1', 'a-2']);
    expect(tasks[0]!.data).toEqual({ text: TEXT, title: 'Taxes', language: 'en' });
    const result = tasks[0]!.annotations[0]!.result;
    const region = (id: string, start: number, end: number, text: string, label: string) => ({ id, type: 'labels', from_name: 'label', to_name: 'text', origin: 'manual', value: { start, end, text, labels: [label] } });
    expect(result).toEqual([
      region('s-1', 0, 3, 'Ana', 'Speaker'), region('s-2', 7, 11, 'said', 'Cue'), region('s-3', 13, 23, 'taxes fell', 'Quote'), region('s-4', 13, 23, 'taxes fell', 'Claim'),
      region('s-5', 26, 28, 'Bo', 'Speaker'), region('s-5-2', 37, 42, 'again', 'Speaker'),
      { type: 'relation', from_id: 's-3', to_id: 's-1', direction: 'right', labels: ['SaidBy'] },
      { type: 'relation', from_id: 's-2', to_id: 's-3', direction: 'right', labels: ['CueOf'] },
      { type: 'relation', from_id: 's-4', to_id: 's-1', direction: 'right', labels: ['ClaimedBy'] },
    ]);
    expect(tasks[0]!.annotations[0]!.completed_by).toBe('ann');
    expect(tasks[0]!.meta).toEqual({ sourcemark: { offsets: 'utf16', simplified: ['s-5 (Speaker) split into 2 regions'] } });
    expect(warnings).toEqual(['Label Studio has no discontinuous spans: spans of several fragments were written as one span per fragment (listed in each document\'s "sourcemark.simplified").']);
    const [config] = labelStudioExporter.extra!(ctx);
    expect(config!.name).toBe('label-config.xml');
    expect(config!.content.split('\n').slice(0, 7)).toEqual(['<View>', '  <Relations>', '    <Relation value="SaidBy"/>', '    <Relation value="CueOf"/>', '    <Relation value="ClaimedBy"/>', '  </Relations>', '  <Labels name="label" toName="text">']);
    expect(config!.content.endsWith('  <Text name="text" value="$text" granularity="word"/>\n</View>\n')).toBe(true);
  });

  it('what it writes, the reader reads back (offsets checked against each region’s text)', () => {
    const tasks = labelStudioTasks(JSON.parse(runFile(labelStudioExporter, [smallDoc()], exportContext([], { unit: 'utf16' }))));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.standoff.entities.map((e) => [e.key, e.label, e.fragments[0], e.text])).toEqual([
      ['s-1', 'Speaker', { start: 0, end: 3 }, 'Ana'], ['s-2', 'Cue', { start: 7, end: 11 }, 'said'], ['s-3', 'Quote', { start: 13, end: 23 }, 'taxes fell'], ['s-4', 'Claim', { start: 13, end: 23 }, 'taxes fell'],
    ]);
    expect(tasks[0]!.standoff.relations.map((r) => [r.type, r.from, r.to])).toEqual([['SaidBy', 's-3', 's-1'], ['CueOf', 's-2', 's-3'], ['ClaimedBy', 's-4', 's-1']]);
    expect(tasks[0]!.warnings).toEqual([]);
  });
});
