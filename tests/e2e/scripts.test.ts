/**
 * International text in the workbench (Chromium, the real server): articles in Arabic, Hebrew,
 * Chinese, Hindi, Russian and a mixed Arabic/Latin paragraph (tests/fixtures/scripts/), imported
 * through the Api. Each paragraph, the title and the list entry take their own direction; a
 * mouse drag from « to » selects the whole quote; tagging by mouse and by keyboard gives the
 * exact offsets; snapping and Shift+arrow word steps follow Intl.Segmenter's words and never
 * cross a paragraph break. Screenshots go to /tmp/shots-scripts/ (never into the repository).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openArticle, selectByFind, selectedSpan, waitSaved } from '../helpers/browser.js';
import { call, workbenchSession, type TestServer } from '../helpers/server.js';
import { repoRoot } from '../helpers/gold.js';

const SHOTS = '/tmp/shots-scripts';
const TITLES = {
  arabic: 'وزير الصحّة: المستشفيات الجديدة تفتح قبل نهاية العام',
  hebrew: 'ראש העירייה: הרכבת הקלה תפעל עד הקיץ',
  chinese: '北京市环境局：今年空气质量将明显改善',
  hindi: 'नई सड़क अगले महीने खुलेगी',
  russian: 'Собянин: новая линия метро откроется в декабре',
  mixed: 'شركة Google: الخدمة ستعود خلال ساعات',
} as const;
type Lang = keyof typeof TITLES;
const LANGS = Object.keys(TITLES) as Lang[];

let server: TestServer;
let page: Page;
let close: () => Promise<void>;
const ids = {} as Record<Lang, string>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ server, page, close } = await workbenchSession({
    timeout: 10_000,
    prepare: async (s) => {
      for (const lang of LANGS) {
        const text = readFileSync(path.join(repoRoot, 'tests/fixtures/scripts', `${lang}.txt`), 'utf8');
        const res = await call(s, 'importText', { text, title: TITLES[lang] });
        if (res.status !== 200) throw new Error(`importText ${lang}: ${JSON.stringify(res.json)}`);
        ids[lang] = (res.json.result as { id: string }).id;
      }
    },
  }));
}, 60_000);

afterAll(async () => close?.());

async function textOf(lang: Lang): Promise<string> {
  return (await server.store.getArticle(ids[lang])).article.text;
}

/** The saved span that is selected in the page, as [start, end, text, label]. */
async function selectedSaved(lang: Lang): Promise<[number, number, string, string]> {
  await waitSaved(page);
  await server.store.flush();
  const id = await selectedSpan(page);
  const span = (await server.store.getArticle(ids[lang])).spans.find((s) => s.id === id);
  if (!span) throw new Error(`no saved span ${id}`);
  const f = span.fragments[0]!;
  return [f.start, f.end, f.text, span.label];
}

/** Client rectangles of characters [from, to) of the article text, found through the paragraphs' text nodes. */
function charRect(p: Page, paragraph: number, offset: number): Promise<{ left: number; right: number; top: number; bottom: number }> {
  return p.evaluate(([index, at]) => {
    const para = document.querySelector(`.ProseMirror p[data-paragraph="${index}"]`)!;
    const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const len = n.textContent!.length;
      if (at < seen + len) {
        const r = document.createRange();
        r.setStart(n, at - seen);
        r.setEnd(n, at - seen + 1);
        const b = r.getBoundingClientRect();
        return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
      }
      seen += len;
    }
    throw new Error(`offset ${at} is not in paragraph ${index}`);
  }, [paragraph, offset] as const);
}

async function open(lang: Lang): Promise<void> {
  await openArticle(page, TITLES[lang]);
  await page.waitForSelector('.ProseMirror p[data-paragraph="1"]');
}

/** Selects `piece` by find and tags it with a label key; Escape closes the source picker a Speaker opens. */
async function tagByKeyboard(piece: string, key: string): Promise<void> {
  await selectByFind(page, piece);
  await page.keyboard.press(key);
  if (key === '1') {
    await page.waitForSelector('input[aria-label="Search sources"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('input[aria-label="Search sources"]', { state: 'detached' });
  }
  await page.waitForFunction(() => document.querySelector('.annotation-details[data-selected-span]'));
}

describe('scripts and directions (Chromium)', () => {
  it('every paragraph, the title and the list entry take their own direction', async () => {
    const expected: Record<Lang, string[]> = {
      arabic: ['rtl', 'rtl'], hebrew: ['rtl', 'ltr'], chinese: ['ltr', 'ltr'], hindi: ['ltr', 'ltr'], russian: ['ltr', 'ltr'], mixed: ['rtl', 'rtl'],
    };
    for (const lang of LANGS) {
      await open(lang);
      const dirs = await page.$$eval('.ProseMirror p[data-paragraph]', (ps) => ps.map((p) => getComputedStyle(p).direction));
      expect(dirs, lang).toEqual(expected[lang]);
      const rtl = ['arabic', 'hebrew', 'mixed'].includes(lang) ? 'rtl' : 'ltr';
      expect(await page.$eval('.article-title', (e) => getComputedStyle(e).direction), lang).toBe(rtl);
      expect(await page.$eval(`.article-list li[data-article-id="${ids[lang]}"] .title`, (e) => getComputedStyle(e).direction), lang).toBe(rtl);
      await page.screenshot({ path: `${SHOTS}/${lang}.png` });
    }
  });

  it('a right-to-left paragraph ends at its left: the final "." is left of the first word', async () => {
    await open('arabic');
    const text = await textOf('arabic');
    const first = await charRect(page, 0, 0);
    const dot = await charRect(page, 0, text.indexOf('.'));
    expect(dot.top).toBeGreaterThanOrEqual(first.top - 1); // same or a later line
    if (Math.abs(dot.top - first.top) < 2) expect(dot.right).toBeLessThan(first.left);
  });

  it('mixed direction: in the Arabic paragraph, "Google" stands left of the words before it, clauses in order', async () => {
    await open('mixed');
    const text = await textOf('mixed');
    const said = await charRect(page, 0, 0); // قالت, the first word
    const company = await charRect(page, 0, text.indexOf('شركة'));
    const google = await charRect(page, 0, text.indexOf('Google'));
    expect(google.top).toBe(said.top);
    expect(company.right).toBeLessThan(said.left);
    expect(google.right).toBeLessThan(company.left);
  });

  it('dragging with the mouse from « to » selects the whole quote, closing » included; 2 tags it with the exact offsets', async () => {
    await open('arabic');
    const text = await textOf('arabic');
    const from = text.indexOf('«');
    const to = text.indexOf('»') + 1;
    const open_ = await charRect(page, 0, from);
    const shut = await charRect(page, 0, to - 1);
    // Right to left: « begins at its right edge, » ends at its left edge.
    await page.mouse.move(open_.right - 1, (open_.top + open_.bottom) / 2);
    await page.mouse.down();
    await page.mouse.move((open_.left + shut.right) / 2, (open_.top + open_.bottom) / 2, { steps: 5 });
    await page.mouse.move(shut.left + 1, (shut.top + shut.bottom) / 2, { steps: 5 });
    await page.mouse.up();
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(text.slice(from, to));
    await page.keyboard.press('2');
    await page.waitForFunction(() => document.querySelector('.annotation-details[data-selected-span]'));
    expect(await selectedSaved('arabic')).toEqual([from, to, text.slice(from, to), 'Quote']);
    await page.screenshot({ path: `${SHOTS}/arabic-quote-tagged.png` });
  });

  it('tagging by keyboard gives the exact offsets in Arabic, Hebrew, Hindi and Russian', async () => {
    const cases: [Lang, string][] = [['arabic', 'أحمد السيد'], ['hebrew', 'דנה כהן'], ['hindi', 'मुख्यमंत्री'], ['russian', 'Сергей Собянин']];
    for (const [lang, name] of cases) {
      await open(lang);
      const text = await textOf(lang);
      await tagByKeyboard(name, '1');
      const start = text.indexOf(name);
      expect(await selectedSaved(lang), lang).toEqual([start, start + name.length, name, 'Speaker']);
    }
  });

  it('Chinese: selecting 王建国 and pressing 1 tags exactly 王建国 with snapping on; Shift+→ grows 记者 by one word, Shift+← shrinks it back', async () => {
    await open('chinese');
    const text = await textOf('chinese');
    await tagByKeyboard('王建国', '1');
    const wang = text.indexOf('王建国');
    expect(await selectedSaved('chinese')).toEqual([wang, wang + 3, '王建国', 'Speaker']);
    await tagByKeyboard('记者', '3');
    const jz = text.indexOf('记者');
    expect((await selectedSaved('chinese')).slice(0, 3)).toEqual([jz, jz + 2, '记者']);
    await page.keyboard.press('Shift+ArrowRight');
    await page.waitForFunction(() => document.querySelector('.span-text')?.textContent === '记者会');
    expect((await selectedSaved('chinese')).slice(0, 3)).toEqual([jz, jz + 3, '记者会']);
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction(() => document.querySelector('.span-text')?.textContent === '记者');
    expect((await selectedSaved('chinese')).slice(0, 3)).toEqual([jz, jz + 2, '记者']);
    await page.screenshot({ path: `${SHOTS}/chinese-tagged.png` });
  });

  it('snapping: a mouse selection inside a word widens to the word (Russian, Hindi)', async () => {
    for (const [lang, word] of [['russian', 'строительство'], ['hindi', 'परियोजना']] as const) {
      await open(lang);
      const text = await textOf(lang);
      const at = text.indexOf(word);
      const para = text.slice(0, at).split('\n\n').length - 1;
      const inPara = at - text.lastIndexOf('\n\n', at) - 2;
      const a = await charRect(page, para, inPara + 2);
      const b = await charRect(page, para, inPara + word.length - 3);
      await page.mouse.move(a.left + 1, (a.top + a.bottom) / 2);
      await page.mouse.down();
      await page.mouse.move(b.right - 1, (b.top + b.bottom) / 2, { steps: 5 });
      await page.mouse.up();
      await page.keyboard.press('3');
      await page.waitForFunction(() => document.querySelector('.annotation-details[data-selected-span]'));
      expect(await selectedSaved(lang), lang).toEqual([at, at + word.length, word, 'Claim']);
    }
  });

  it('word steps never cross a paragraph break: Hebrew Shift+→ twice, Hindi Alt+Shift+← twice', async () => {
    await open('hebrew');
    const he = await textOf('hebrew');
    const quote = 'הרכבת הקלה תפעל עד הקיץ';
    await tagByKeyboard(quote, '2');
    const q = he.indexOf(quote);
    await page.keyboard.press('Shift+ArrowRight');
    const grown = `${quote}" 👍🏽.`;
    await page.waitForFunction((t) => document.querySelector('.span-text')?.textContent === t, grown);
    await page.keyboard.press('Shift+ArrowRight');
    await waitSaved(page);
    expect((await selectedSaved('hebrew')).slice(0, 3)).toEqual([q, q + grown.length, grown]);
    await page.screenshot({ path: `${SHOTS}/hebrew-grown.png` });

    await open('hindi');
    const hi = await textOf('hindi');
    await tagByKeyboard('बताया', '3');
    const b = hi.indexOf('बताया');
    const u = hi.indexOf('उन्होंने');
    await page.keyboard.press('Alt+Shift+ArrowLeft');
    await page.waitForFunction(() => document.querySelector('.span-text')?.textContent === 'उन्होंने बताया');
    await page.keyboard.press('Alt+Shift+ArrowLeft');
    await waitSaved(page);
    expect((await selectedSaved('hindi')).slice(0, 3)).toEqual([u, b + 'बताया'.length, 'उन्होंने बताया']);
    await page.keyboard.press('Alt+Shift+ArrowRight'); // and back
    await page.waitForFunction(() => document.querySelector('.span-text')?.textContent === 'बताया');
    await page.screenshot({ path: `${SHOTS}/hindi-steps.png` });
  });
});
