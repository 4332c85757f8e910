import { describe, expect, it } from 'vitest';
import { defaultSchema, formatIssues, validateDoc, type ArticleDoc } from '../../../annotations/index.js';
import { at, docOf, spanOf } from '../../helpers/model.js';

const TEXT = 'She said the plan failed.';

describe('validateDoc', () => {
  it('names every problem in words a person can act on', () => {
    const base = docOf(TEXT);
    const she = spanOf(TEXT, 'Speaker', [at(TEXT, 'She')], undefined, { id: 's-she', sourceId: 'src-missing' });
    const quote = spanOf(TEXT, 'Quote', [at(TEXT, 'the plan failed')], undefined, { id: 's-q' });
    const outside = { ...spanOf(TEXT, 'Cue', [at(TEXT, 'said')], undefined, { id: 's-out' }) };
    outside.fragments = [{ ...outside.fragments[0]!, start: 20 as never, end: 40 as never }];
    const doc: ArticleDoc = {
      ...base,
      spans: [she, quote, outside, { ...quote, id: 's-q2', label: 'Gossip' }],
      links: [
        { id: 'l-1', type: 'said-by', from: 's-q', to: 's-gone' },
        { id: 'l-2', type: 'said-by', from: 's-she', to: 's-q' },
      ],
    };
    const messages = validateDoc(doc, defaultSchema(), {}).map((i) => i.message);
    expect(messages).toEqual([
      'Source src-missing does not exist.',
      'Fragment 20–40 is outside the text (0–25).',
      'The schema has no label "Gossip".',
      'Link l-1 ends at span s-gone, which does not exist.',
      'A said-by link goes from Quote to Speaker, not from Speaker to Quote.',
    ]);
    expect(formatIssues(validateDoc(doc, defaultSchema(), {}), 2)).toMatch(/\(and 3 more\)$/);
  });

  it('says a repeated problem once, with how often it occurs', () => {
    const issue = (message: string) => ({ message });
    expect(formatIssues([issue('The schema has no label "Speaker".'), issue('The schema has no label "Speaker".'), issue('Source s does not exist.'), issue('The schema has no label "Speaker".')]))
      .toBe('The schema has no label "Speaker". (×3) Source s does not exist.');
    expect(formatIssues(['a', 'b', 'a', 'c'].map(issue), 2)).toBe('a (×2) b (and 1 more)');
  });
});

describe('labelAbbreviations', () => {
  it('gives each label the shortest prefix no other label shares', async () => {
    const { labelAbbreviations, defaultSchema: schema } = await import('../../../annotations/index.js');
    expect([...labelAbbreviations(schema().labels).values()]).toEqual(['S', 'Q', 'Cl', 'Cu']);
  });
});
