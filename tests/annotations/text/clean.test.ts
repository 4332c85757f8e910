import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { detectBoilerplate, firstSentenceTitle, leadingDate, removeBoilerplate, titleLine } from '../../../annotations/index.js';
import { goldDir } from '../../helpers/gold.js';

const seed = (id: string) => readFileSync(path.join(goldDir, `${id}.txt`), 'utf8');

describe('boilerplate', () => {
  it('removes the newsletter block of the second seed article and keeps its date', () => {
    const raw = seed('002_6f0280c28b7f439d');
    const cleaned = removeBoilerplate(raw);
    expect(cleaned.text.startsWith('Ukrainian soldiers have entered')).toBe(true);
    expect(cleaned.published).toBe('2022-11-11');
    expect(cleaned.removed.map((b) => b.reason)).toEqual(['newsletter']);
    expect(cleaned.text.endsWith('in the southern regions.”')).toBe(true);
  });

  it('removes the photo caption of the first seed article and nothing else', () => {
    const raw = seed('000_295e30e2d338d8a1');
    const blocks = detectBoilerplate(raw);
    expect(blocks.map((b) => b.reason)).toEqual(['photo-credit']);
    expect(blocks[0]!.text).toMatch(/\(Reuters Photo\)$/);
    expect(removeBoilerplate(raw).text.startsWith('KYIV: Ukrainian units have begun')).toBe(true);
  });

  it('finds Read more lines, share prompts and datelines, and leaves news sentences alone', () => {
    const raw = 'Share this article\n\nFriday, July 21, 2017\n\nThe minister said the plan had worked.\n\nRead more: Why the plan worked\n\nPhoto: Jane Doe/Agency\n\nShe added that photos were taken.';
    const cleaned = removeBoilerplate(raw);
    expect(cleaned.removed.map((b) => b.reason)).toEqual(['share', 'dateline', 'read-more', 'photo-credit']);
    expect(cleaned.text).toBe('The minister said the plan had worked.\n\nShe added that photos were taken.');
    expect(cleaned.published).toBe('2017-07-21');
  });

  it('strips a date that opens a paragraph without dropping the sentence after it', () => {
    const cleaned = removeBoilerplate('Thursday, May 7, 2015 On Tuesday, the New Zealand government said so.');
    expect(cleaned.text).toBe('On Tuesday, the New Zealand government said so.');
    expect(cleaned.published).toBe('2015-05-07');
  });

  it('reads dates and titles', () => {
    expect(leadingDate(' date 2022-11-11 For free')).toEqual({ iso: '2022-11-11', length: 16 });
    expect(leadingDate('Sat. nothing')).toBeUndefined();
    expect(titleLine('At least 107 killed in Mecca crane collapse\n\nSaturday, September 12, 2015\n\nA storm...')?.title).toBe('At least 107 killed in Mecca crane collapse');
    expect(titleLine('The ministry said the withdrawal was complete.\nMore.')).toBeUndefined();
    expect(firstSentenceTitle('KYIV: Ukrainian units have begun entering the southern city of Kherson and told any Russian troops still there to surrender, the agency said. More.'))
      .toBe('KYIV: Ukrainian units have begun entering the southern city of Kherson and told…');
  });

  it('takes only the dateline and credited image captions out of Wikinews articles', () => {
    const dir = path.resolve(goldDir, '../articles/wikinews');
    if (!existsSync(dir)) return; // ../shared is not beside a fresh clone; the sample test covers the shipped copies
    for (const f of ['GUM_news_crane.txt', 'GUM_news_flag.txt', 'GUM_news_nasa.txt']) {
      const { rest } = titleLine(readFileSync(path.join(dir, f), 'utf8'))!;
      const cleaned = removeBoilerplate(rest);
      expect(cleaned.removed[0]!.reason).toBe('dateline');
      for (const b of cleaned.removed.slice(1)) expect(b).toMatchObject({ reason: 'photo-credit', text: expect.stringMatching(/Image: NASA\.$/) });
      expect(cleaned.published).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
  });
});
