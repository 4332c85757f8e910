import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { counterIds, reanchorSpans, spanText } from '../../../annotations/index.js';
import { at, spanOf } from '../../helpers/model.js';

const TEXT = 'The ministry said the withdrawal was completed. The ministry said no equipment was left behind.';

describe('re-anchoring', () => {
  it('keeps a span in place when the text did not change', () => {
    const s = spanOf(TEXT, 'Quote', [at(TEXT, 'no equipment was left behind')]);
    expect(reanchorSpans([s], TEXT)[0]!.how).toBe('position');
  });

  it('follows a span when text is inserted before it, choosing the occurrence its context names', () => {
    const ids = counterIds();
    const second = spanOf(TEXT, 'Speaker', [at(TEXT, 'The ministry', 1)], ids);
    const edited = 'Update: ' + TEXT;
    const [r] = reanchorSpans([second], edited);
    expect(r!.how).toBe('exact');
    expect(r!.span.fragments[0]!.start).toBe(at(edited, 'The ministry', 1)[0]);
  });

  it('finds a quote whose wording changed slightly, and orphans one that is gone', () => {
    const ids = counterIds();
    const quote = spanOf(TEXT, 'Quote', [at(TEXT, 'no equipment was left behind')], ids);
    const gone = spanOf(TEXT, 'Quote', [at(TEXT, 'the withdrawal was completed')], ids);
    const edited = 'The ministry said no equipment had been left behind.';
    const [a, b] = reanchorSpans([quote, gone], edited);
    expect(a!.how).toBe('fuzzy');
    expect(spanText(a!.span)).toMatch(/no equipment .* left behind/);
    expect(b!.how).toBe('orphaned');
    expect(b!.span.orphaned).toBe(true);
    expect(b!.span.fragments).toEqual(gone.fragments); // kept as it was, never dropped
  });

  it('keeps every span whose text survives random edits elsewhere', () => {
    const words = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'said', 'the', '😀', 'é', 'x');
    fc.assert(
      fc.property(fc.array(words, { minLength: 10, maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('', 'new ', 'inserted words ', '!')), { maxLength: 6 }),
        (ws, picks, edits) => {
          const text = ws.join(' ');
          const starts = [0];
          for (const w of ws.slice(0, -1)) starts.push(starts[starts.length - 1]! + w.length + 1);
          const ids = counterIds();
          const spans = picks.map(([i, len]) => {
            const a = i % ws.length;
            const b = Math.min(ws.length - 1, a + (len % 3));
            return spanOf(text, 'Quote', [[starts[a]!, starts[b]! + ws[b]!.length]], ids);
          });
          // Edits only between words, never inside a span: replace a separating space.
          let edited = text;
          const covered = (o: number) => spans.some((s) => o >= s.fragments[0]!.start && o < s.fragments[0]!.end);
          const cuts = [...new Set(edits.map(([k]) => starts[1 + (k % Math.max(1, ws.length - 1))]! - 1))].filter((o) => o > 0 && !covered(o)).sort((x, y) => y - x);
          cuts.forEach((o, j) => {
            edited = edited.slice(0, o) + ` ${edits[j]![1]}` + edited.slice(o);
          });
          for (const r of reanchorSpans(spans, edited)) {
            expect(r.how).not.toBe('orphaned');
            for (const f of r.span.fragments) expect(edited.slice(f.start, f.end)).toBe(f.text);
          }
          const originals = spans.map(spanText);
          expect(reanchorSpans(spans, edited).map((r) => spanText(r.span))).toEqual(originals);
        }),
    );
  });
});
