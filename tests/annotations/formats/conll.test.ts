import { describe, expect, it } from 'vitest';
import { conllExporter, makeFragment } from '../../../annotations/index.js';
import { TEXT, exportContext, runFile, smallDoc } from './small-doc.js';

describe('conll exporter: a small article', () => {
  it('writes the header, then tokens with their offsets and one IOB2 column per label, a blank line between sentences; links are left out with a warning', () => {
    const warnings: string[] = [];
    expect(runFile(conllExporter, [smallDoc({ discontinuous: true })], exportContext(warnings))).toBe([
      '# sourcemark conll: columns = TOKEN START END SPEAKER QUOTE CLAIM CUE',
      '# tags are strict IOB2 per label column: every entity starts with B-, and each fragment of a discontinuous span is an entity',
      '# sentences are separated by a blank line; a sentence is never broken inside a span: sentences that a span crosses are written as one',
      '# offsets in code points, end exclusive; whitespace is not a token; links are not carried by this format',
      '',
      '# doc_id = a-1',
      '# title = Taxes',
      'Ana\t0\t3\tB-Speaker\tO\tO\tO',
      '😀\t4\t5\tO\tO\tO\tO',
      'said\t6\t10\tO\tO\tO\tB-Cue',
      '“\t11\t12\tO\tO\tO\tO',
      'taxes\t12\t17\tO\tB-Quote\tB-Claim\tO',
      'fell\t18\t22\tO\tI-Quote\tI-Claim\tO',
      '”\t22\t23\tO\tO\tO\tO',
      '.\t23\t24\tO\tO\tO\tO',
      '',
      'Bo\t25\t27\tB-Speaker\tO\tO\tO',
      'agreed\t28\t34\tO\tO\tO\tO',
      ',\t34\t35\tO\tO\tO\tO',
      'again\t36\t41\tB-Speaker\tO\tO\tO',
      '.\t41\t42\tO\tO\tO\tO',
      '', '',
    ].join('\n'));
    expect(warnings).toEqual(['CoNLL has no links: links were left out (see the header comment).']);
  });

  it('counts UTF-16 units when asked (the header says so), and lists a span widened to its tokens', () => {
    const warnings: string[] = [];
    const d = smallDoc();
    const off = { ...d, links: [], spans: d.spans.map((s) => (s.id === 's-2' ? { ...s, fragments: [makeFragment(TEXT, 9, 11)] } : s)) };
    const out = runFile(conllExporter, [off], exportContext(warnings, { unit: 'utf16' }));
    expect(out).toContain('# offsets in UTF-16 code units, end exclusive;');
    expect(out).toContain('# widened = s-2\n');
    expect(out).toContain('said\t7\t11\tO\tO\tO\tB-Cue\n');
    expect(warnings).toEqual(['CoNLL: some spans do not fall on token boundaries; they were widened to the tokens they touch (whitespace at their edges left out) and are listed per document.']);
  });
});
