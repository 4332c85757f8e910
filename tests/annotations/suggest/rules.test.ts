import { describe, expect, it } from 'vitest';
import { ruleSuggestions } from '../../../annotations/suggest/rules.js';
import type { Proposal } from '../../../annotations/suggest/proposal.js';

/** The proposal as readable attributions: quote text ← cue ← speaker. */
function read(text: string, p: Proposal) {
  const t = (i: number | undefined) => (i === undefined ? undefined : p.spans[i]!.fragments.map((f) => text.slice(f.start, f.end)).join(' … '));
  return p.spans.map((s, i) => [s, i] as const).filter(([s]) => s.label === 'Quote').sort((a, b) => a[0].fragments[0]!.start - b[0].fragments[0]!.start).map(([s, i]) => ({
    quote: t(i), type: s.attributes['QuoteType'],
    cue: t(p.links.find((l) => l.type === 'cue-of' && l.to === i)?.from),
    speaker: t(p.links.find((l) => l.type === 'said-by' && l.from === i)?.to),
  }));
}

const suggest = (text: string) => read(text, ruleSuggestions(text));

describe('cold-start rules', () => {
  it('finds a direct quote in curly marks with the cue and the speaker after it', () => {
    expect(suggest('“We will not give up the city,” the mayor said on Monday.')).toEqual([
      { quote: '“We will not give up the city,”', type: 'Direct', cue: 'said', speaker: 'the mayor' },
    ]);
  });

  it('reads "said X" after a straight-quoted quote', () => {
    expect(suggest('"The bridge is closed until further notice," said Anna Berg, a police spokeswoman.')).toEqual([
      { quote: '"The bridge is closed until further notice,"', type: 'Direct', cue: 'said', speaker: 'Anna Berg' },
    ]);
  });

  it('joins "“Y,” X said, “Z”" into one quote of two parts', () => {
    const [a] = suggest('“The vote was fair,” the minister said, “and the count will show it.”');
    expect(a).toEqual({ quote: '“The vote was fair,” … “and the count will show it.”', type: 'Direct', cue: 'said', speaker: 'the minister' });
  });

  it('takes the cue and speaker before the quote: "X said: “Y”"', () => {
    expect(suggest('The coach told reporters: “We played our worst game of the season.”')).toEqual([
      { quote: '“We played our worst game of the season.”', type: 'Direct', cue: 'told', speaker: 'The coach' },
    ]);
  });

  it('reads reported speech "X said (that) Y" without "that", and after an adverbial', () => {
    expect(suggest('The ministry said on Friday that all troops had left the region.')).toEqual([
      { quote: 'all troops had left the region', type: 'Indirect', cue: 'said', speaker: 'The ministry' },
    ]);
    expect(suggest('Officials believe the fire started in the kitchen.')).toEqual([
      { quote: 'the fire started in the kitchen', type: 'Indirect', cue: 'believe', speaker: 'Officials' },
    ]);
  });

  it('reads "Y, X said" and strips a dateline', () => {
    expect(suggest('KYIV: Ukrainian units have entered the city, the defence ministry said on Friday.')).toEqual([
      { quote: 'Ukrainian units have entered the city', type: 'Indirect', cue: 'said', speaker: 'the defence ministry' },
    ]);
  });

  it('reads "according to X" on either side', () => {
    expect(suggest('According to the police, three people were arrested at the scene.')).toEqual([
      { quote: 'three people were arrested at the scene', type: 'Indirect', cue: 'According to', speaker: 'the police' },
    ]);
    expect(suggest('Turnout was the lowest in decades, according to the electoral commission.')).toEqual([
      { quote: 'Turnout was the lowest in decades', type: 'Indirect', cue: 'according to', speaker: 'the electoral commission' },
    ]);
  });

  it('runs a quote over several paragraphs when the next one opens with a mark', () => {
    const text = '“The first part of what I said runs on here\n\n“and it ends in the next paragraph,” she said.';
    const [a] = suggest(text);
    expect(a).toMatchObject({ quote: '“The first part of what I said runs on here … “and it ends in the next paragraph,”', cue: 'said', speaker: 'she' });
  });

  it('links a quote standing alone to the speaker just quoted', () => {
    const text = '“We are ready,” the captain said. “This is far from over, there is a lot still to do.”';
    expect(suggest(text)[1]).toEqual({ quote: '“This is far from over, there is a lot still to do.”', type: 'Direct', cue: undefined, speaker: 'the captain' });
  });

  it('leaves out titles in quotation marks and negated verbs', () => {
    expect(suggest('The site called "The Internet Explorer Six Countdown" went live.')).toEqual([]);
    expect(suggest('The company did not say whether the plant would close.')).toEqual([]);
  });

  it('uses cue words learned from the project', () => {
    const text = 'The club hopes the new stadium will open next year.';
    expect(suggest(text)).toEqual([]);
    expect(read(text, ruleSuggestions(text, { extraCues: ['hope'] }))).toEqual([
      { quote: 'the new stadium will open next year', type: 'Indirect', cue: 'hopes', speaker: 'The club' },
    ]);
  });
});
