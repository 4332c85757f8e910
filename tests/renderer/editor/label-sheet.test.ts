/**
 * The highlights' stylesheet helpers (renderer/editor/label-sheet.ts) without a browser: a label's
 * name becomes a CSS string that cannot end the selector it is in, and depths past the classes
 * keep an inline style. The rules themselves are checked in Chromium (tests/e2e/a11y.test.ts,
 * "draws each highlight and badge in its label's colour").
 */
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH_CLASS, cssString, depthClass } from '../../../renderer/editor/label-sheet.js';

describe('label sheet', () => {
  it('quotes a label name as a CSS string, escaping quotes, backslashes and control characters', () => {
    expect(cssString('Quote')).toBe('"Quote"');
    expect(cssString('Source.Person')).toBe('"Source.Person"');
    expect(cssString('Say "no"] , * {x}')).toBe('"Say \\22 no\\22 ] , * {x}"');
    expect(cssString('a\\b\nc\u0000')).toBe('"a\\5c b\\a c\\0 "');
    expect(cssString('Zitat — «Ä»')).toBe('"Zitat — «Ä»"');
  });

  it('draws layer 0 with no class, deeper layers with a class, and the deepest with an inline style', () => {
    expect(depthClass(0)).toEqual({ cls: '' });
    expect(depthClass(1)).toEqual({ cls: ' hl-d1' });
    expect(depthClass(MAX_DEPTH_CLASS)).toEqual({ cls: ` hl-d${MAX_DEPTH_CLASS}` });
    expect(depthClass(MAX_DEPTH_CLASS + 1)).toEqual({ cls: '', style: `--d:${MAX_DEPTH_CLASS + 1}` });
  });
});
