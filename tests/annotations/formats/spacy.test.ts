import { describe, expect, it } from 'vitest';
import { spacyExporter } from '../../../annotations/index.js';
import { exportContext, runFile, smallDoc } from './small-doc.js';

describe('spacy exporter: a small article', () => {
  it('writes the text, its tokens with whitespace, spans on tokens and relations; a discontinuous span is one span per fragment, listed and warned of', () => {
    const warnings: string[] = [];
    const out = runFile(spacyExporter, [smallDoc({ discontinuous: true })], exportContext(warnings));
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')).toHaveLength(2);
    const line = JSON.parse(out) as { text: string; tokens: { text: string; start: number; end: number; id: number; ws: boolean }[]; spans: unknown[]; relations: { head: number; child: number; label: string }[]; meta: unknown };
    expect(JSON.stringify(line) + '\n').toBe(out);
    expect(line.tokens.map((t) => t.text + (t.ws ? ' ' : '')).join('')).toBe(line.text);
    expect(line.tokens.slice(0, 5)).toEqual([
      { text: 'Ana', start: 0, end: 3, id: 0, ws: true }, { text: '😀', start: 4, end: 5, id: 1, ws: true }, { text: 'said', start: 6, end: 10, id: 2, ws: true },
      { text: '“', start: 11, end: 12, id: 3, ws: false }, { text: 'taxes', start: 12, end: 17, id: 4, ws: true },
    ]);
    expect(line.tokens[8]).toEqual({ text: '\n', start: 24, end: 25, id: 8, ws: false });
    expect(line.spans).toEqual([
      { start: 0, end: 3, token_start: 0, token_end: 0, label: 'Speaker' }, { start: 6, end: 10, token_start: 2, token_end: 2, label: 'Cue' },
      { start: 12, end: 22, token_start: 4, token_end: 5, label: 'Quote' }, { start: 12, end: 22, token_start: 4, token_end: 5, label: 'Claim' },
      { start: 25, end: 27, token_start: 9, token_end: 9, label: 'Speaker' }, { start: 36, end: 41, token_start: 12, token_end: 12, label: 'Speaker' },
    ]);
    expect(line.relations.map((r) => [r.head, r.child, r.label])).toEqual([[4, 0, 'SaidBy'], [2, 4, 'CueOf'], [4, 0, 'ClaimedBy']]);
    expect(line.meta).toEqual({ id: 'a-1', title: 'Taxes', offsets: 'codepoint', split: ['s-5'] });
    expect(warnings).toEqual(['spaCy spans are contiguous: spans of several fragments were written as one span per fragment (listed per document).']);
  });

  it('offsets in UTF-16 units when asked: the tokens after the emoji move by one', () => {
    const line = JSON.parse(runFile(spacyExporter, [smallDoc()], exportContext([], { unit: 'utf16' }))) as { tokens: { start: number }[]; meta: { offsets: string } };
    expect(line.tokens.slice(0, 3).map((t) => t.start)).toEqual([0, 4, 7]);
    expect(line.meta.offsets).toBe('utf16');
  });
});
