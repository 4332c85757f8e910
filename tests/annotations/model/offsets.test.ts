import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OffsetConverter, codePointOffset, codePointToUtf16, textOffset, utf16ToCodePoint } from '../../../annotations/index.js';

describe('offset conversion', () => {
  it('counts an emoji as two UTF-16 units and one code point', () => {
    const text = 'a😀b';
    const c = new OffsetConverter(text);
    expect(c.codePointLength).toBe(3);
    expect(c.utf16Length).toBe(4);
    expect(c.toCodePoint(textOffset(3))).toBe(2);
    expect(c.toUtf16(codePointOffset(2))).toBe(3);
    expect(text.slice(c.toUtf16(codePointOffset(2)), c.toUtf16(codePointOffset(3)))).toBe('b');
  });

  it('refuses an offset inside a surrogate pair, and offsets out of range', () => {
    const c = new OffsetConverter('😀');
    expect(() => c.toCodePoint(textOffset(1))).toThrow(/splits a surrogate pair/);
    expect(() => c.toCodePoint(textOffset(3))).toThrow(/outside the text/);
    expect(() => c.toUtf16(codePointOffset(2))).toThrow(/outside the text/);
    expect(c.isBoundary(1)).toBe(false);
    expect(c.isBoundary(2)).toBe(true);
  });

  it('treats combining accents as their own code points (as Python does)', () => {
    const text = 'Cafe\u0301 👍🏽 ok'; // e + combining acute; thumbs up + skin tone (two astral chars)
    const c = new OffsetConverter(text);
    expect(c.codePointLength).toBe([...text].length);
    expect(c.toCodePoint(textOffset(text.indexOf('ok')))).toBe([...text].indexOf('o'));
  });

  it('round trips every boundary of random text with emoji, accents and CRLF', () => {
    const piece = fc.constantFrom('a', 'é', 'e\u0301', '😀', '👍🏽', '\r\n', ' ', '中', '𝒳', '\u{1F1FA}\u{1F1E6}');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.nat(), (pieces, seed) => {
        const text = pieces.join('');
        const c = new OffsetConverter(text);
        const cps = [...text];
        expect(c.codePointLength).toBe(cps.length);
        for (let cp = 0; cp <= cps.length; cp++) {
          const u = c.toUtf16(codePointOffset(cp));
          expect(u).toBe(cps.slice(0, cp).join('').length);
          expect(c.toCodePoint(u)).toBe(cp);
        }
        const cp = cps.length ? seed % (cps.length + 1) : 0;
        expect(utf16ToCodePoint(text, codePointToUtf16(text, codePointOffset(cp)))).toBe(cp);
      }),
    );
  });

  it('fromUnit and toUnit agree for both units', () => {
    const c = new OffsetConverter('x😀y');
    expect(c.fromUnit(2, 'codepoint')).toBe(3);
    expect(c.fromUnit(3, 'utf16')).toBe(3);
    expect(c.toUnit(textOffset(3), 'codepoint')).toBe(2);
    expect(() => c.fromUnit(2, 'utf16')).toThrow(/surrogate/);
  });
});
