import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeText } from '../../../annotations/index.js';

describe('normalizeText', () => {
  it('removes a BOM, turns CRLF and CR into LF, composes accents', () => {
    const { text, map } = normalizeText('\ufeffCafe\u0301\r\nline\rend');
    expect(text).toBe('Café\nline\nend');
    expect(map.isIdentity).toBe(false);
    expect(map.map(1)).toBe(0); // after the BOM
    expect(map.map(5, 'end')).toBe(4); // end of "Café" (raw "Cafe" + combining)
    expect(map.map(8)).toBe(5); // "line" after CRLF
    expect(map.map(13)).toBe(10); // "end" after lone CR
  });

  it('snaps an offset inside an edited stretch outwards by bias', () => {
    const { map } = normalizeText('a\r\nb');
    expect(map.map(2, 'start')).toBe(1);
    expect(map.map(2, 'end')).toBe(2);
  });

  it('is the identity on text that is already normal', () => {
    const raw = 'Plain “quoted” text — with 😀.\nSecond line.';
    const { text, map } = normalizeText(raw);
    expect(text).toBe(raw);
    expect(map.isIdentity).toBe(true);
    expect(map.map(raw.length)).toBe(raw.length);
  });

  it('keeps what a range covered: normalising a slice equals slicing the normalised text', () => {
    const piece = fc.constantFrom('a', 'é', 'e\u0301', 'o\u0308\u0301', '😀', '\r\n', '\r', '\n', ' ', 'Å', '\u212b', '한', '\u1112\u1161\u11ab');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(), fc.nat(), (pieces, x, y) => {
        const raw = pieces.join('');
        const { text, map } = normalizeText(raw);
        expect(text).toBe(raw.replace(/\r\n?/g, '\n').normalize('NFC'));
        const bounds = [0];
        for (const p of pieces) bounds.push(bounds[bounds.length - 1]! + p.length);
        const a = bounds[x % bounds.length]!;
        const b = bounds[y % bounds.length]!;
        const [s, e] = a <= b ? [a, b] : [b, a];
        // An empty range between the CR and LF of a CRLF (seed -913254862: ["\r", "\n"], 1–1) has
        // no characters to keep: its two biases straddle the LF. Spans are never empty.
        if (s === e) expect(map.map(s, 'start')).toBeLessThanOrEqual(map.map(e, 'end'));
        else expect(text.slice(map.map(s, 'start'), map.map(e, 'end'))).toBe(normalizeText(raw.slice(s, e)).text);
      }),
    );
  });
});
