/**
 * The keyboard and discoverability defects of issue 16 in Chromium, against the real server on
 * a copy of the sample: Ctrl+Enter from the text (4), F6 regions, Alt+L and / (5), a click on a
 * claim inside the selected quote (6), the key help, the link hint next to the span, the Import
 * dialog's three ways (8); and two features: a note on any annotation, and tagging every other
 * occurrence of a span's text in one undoable step. Screenshots of each new state at 1440×900
 * and 1024×700 go to /tmp/shots-16-keyboard/.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeFragment, spanText } from '../../annotations/index.js';
import { otherOccurrences } from '../../annotations/edit/occurrences.js';
import { openArticle, selectedSpan, waitSaved } from '../helpers/browser.js';
import { workbenchSession, type TestServer } from '../helpers/server.js';

let server: TestServer;
let page: Page;
let close: () => Promise<void>;
let web: Server;
let webOrigin = '';

const SHOTS = '/tmp/shots-16-keyboard';
const UKRAINE = 'a-zhx615xkn4hp';
const TEXAS = 'a-8crsbc0cn7bs';
const QUOTE = 's-3nw88j7dxktj'; // “the withdrawal was completed … no military equipment was left behind”
const CLAIM = 's-df3fy78fwd4e'; // “no military equipment was left behind”, inside it

const PAGE = `<!doctype html><html><head><title>Harbour reopens after storm</title></head><body><article>
<h1>Harbour reopens after storm</h1><p>The harbour master said the port would reopen on Monday after the storm.</p>
<p>“We have checked every berth,” she said, adding that ferries would run as usual.</p></article></body></html>`;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  web = createServer((req, res) => {
    res.writeHead(req.url === '/harbour.html' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(req.url === '/harbour.html' ? PAGE : 'not here');
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  webOrigin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  ({ server, page, close } = await workbenchSession({
    timeout: 10_000,
    // A speaker "Mohamed" with a source, made on the server: the picker is not what is tested here.
    prepare: async (s) => {
      const doc = await s.store.getArticle(TEXAS);
      const at = doc.article.text.indexOf('Mohamed');
      const now = new Date().toISOString();
      await s.store.apply({ op: 'batch', ops: [
        { op: 'addSource', source: { id: 'src-mohamed', name: 'Ahmed Mohamed', kind: 'person', aliases: [] } },
        { op: 'addSpan', articleId: TEXAS, span: { id: 's-mohamed', label: 'Speaker', fragments: [makeFragment(doc.article.text, at, at + 'Mohamed'.length)], attributes: {}, sourceId: 'src-mohamed', annotator: 'Tester', origin: 'manual', createdAt: now, updatedAt: now } },
      ] }, 'sources', { annotator: 'Tester' });
    },
  }));
}, 60_000);

afterAll(async () => {
  await close?.();
  await new Promise((r) => web?.close(r));
});

/** Screenshots of the page as it is, at 1440×900 and 1024×700 (then back to 1440×900). */
async function shoot(name: string): Promise<void> {
  for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** The region the focus is in, by the page's landmarks. */
const focusRegion = (): Promise<string> => page.evaluate(() => {
  const a = document.activeElement;
  const where: [string, string][] = [['toolbar', '.topbar'], ['import', '.import-tools'], ['search', '.left .left-tools:not(.import-tools)'], ['list', '.article-list'], ['text', 'main.centre'], ['panel', 'aside.right'], ['status', 'footer.statusbar']];
  return where.find(([, sel]) => a && a.closest(sel))?.[0] ?? `none (${a?.tagName ?? '-'})`;
});

/**
 * Clicks the middle of the first line box of span `id`'s first highlight (a wrapped span's box
 * centre may lie on other text), 12 px in. The point is measured once the layout has held still
 * for two frames and the element there is inside that highlight: measured at once, a reflow
 * still due (a resize, the list answering a search) could move the text between the measure and
 * the click, and the click land on plain text. (One CI run found nothing selected after this
 * click; whether a reflow was the cause was not found out.)
 */
async function clickSpan(id: string): Promise<void> {
  const r = await page.evaluate(async (x) => {
    const el = document.querySelector(`.ProseMirror [data-span-id="${x}"]`)!;
    el.scrollIntoView({ block: 'center' });
    let last = '';
    for (let i = 0; i < 100; i++) {
      await new Promise(requestAnimationFrame);
      const box = el.getClientRects()[0]!;
      const at = { x: box.left + Math.min(12, box.width / 2), y: box.top + box.height / 2 };
      const here = JSON.stringify(at);
      if (here === last && document.elementFromPoint(at.x, at.y)?.closest(`[data-span-id="${x}"]`)) return at;
      last = here;
    }
    throw new Error(`span ${x}: its first line box did not hold still under the pointer for two frames in 100`);
  }, id);
  await page.mouse.click(r.x, r.y);
}

const focusVisible = (): Promise<boolean> => page.evaluate(() => !!document.activeElement?.matches(':focus-visible'));

async function savedSpans(articleId: string) {
  await server.store.flush();
  return (await server.store.getArticle(articleId)).spans;
}

describe('keyboard and discoverability (Chromium)', () => {
  it('Ctrl+Enter in the article text marks the article done and opens the next to do (defect 4)', async () => {
    const id = await openArticle(page, 'Sensitive Canadian document');
    await page.fill('input[aria-label="Search articles"]', ''); // the next to do comes from the whole list
    // The list answers the cleared search asynchronously: until it is back, the open article is
    // the only one listed and there is no next to open (this raced in about 1 run of 3).
    await page.waitForFunction(() => document.querySelectorAll('.article-list li').length > 1);
    await page.focus('.ProseMirror');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await server.store.getArticle(id)).article.status, { timeout: 4000 }).toBe('done');
    await page.waitForFunction((x) => !location.hash.includes(x), id);
  });

  it('a click on a claim inside the selected quote selects the claim; a click again there, the quote (defect 6)', async () => {
    await openArticle(page, 'Ukrainian soldiers have entered');
    const claim = { click: () => clickSpan(CLAIM) };
    await claim.click();
    expect(await selectedSpan(page)).toBe(CLAIM);
    // The quote, selected from the keyboard (it comes just before the claim in reading order).
    await page.keyboard.press('Shift+Tab');
    expect(await selectedSpan(page)).toBe(QUOTE);
    await page.waitForTimeout(600); // not a double click
    await claim.click();
    expect(await selectedSpan(page)).toBe(CLAIM);
    await page.waitForTimeout(600);
    await claim.click(); // the same spot again: the enclosing quote
    expect(await selectedSpan(page)).toBe(QUOTE);
  });

  it('F6 and Shift+F6 cycle through every region with a visible focus; Alt+L the list, / the search (defect 5)', async () => {
    await page.focus('.ProseMirror');
    await page.keyboard.press('Escape');
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('F6');
      seen.push(await focusRegion());
      expect(await focusVisible(), `focus visible in ${seen.at(-1)}`).toBe(true);
      if (seen.at(-1) === 'import') await shoot('f6-import-region');
    }
    expect(seen).toEqual(['panel', 'status', 'toolbar', 'import', 'search', 'list', 'text']);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);
    await page.keyboard.press('Shift+F6');
    expect(await focusRegion()).toBe('list');
    await page.keyboard.press('Shift+F6');
    expect(await focusRegion()).toBe('search');
    // Export is reachable: the toolbar region, then Tab within it.
    await page.keyboard.press('Shift+F6');
    await page.keyboard.press('Shift+F6');
    expect(await focusRegion()).toBe('toolbar');

    await page.focus('.ProseMirror');
    await page.keyboard.press('Alt+l');
    expect(await page.evaluate(() => document.activeElement?.closest('.article-list li')?.classList.contains('current'))).toBe(true);
    await page.focus('.ProseMirror');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search articles');
    await page.keyboard.type('Mecca'); // typed into the search, not swallowed
    await page.waitForFunction(() => document.querySelectorAll('.article-list li').length === 1);
    await page.fill('input[aria-label="Search articles"]', '');
  });

  it('Alt+L and F6 focus the open article’s row, not the list’s first; F6 the selected tab, not the first', async () => {
    await page.fill('input[aria-label="Search articles"]', '');
    await page.waitForFunction(() => document.querySelectorAll('.article-list li').length > 1);
    expect(await page.evaluate(() => document.querySelector('.article-list li')?.classList.contains('current'))).toBe(false);
    const inCurrentRow = () => page.evaluate(() => document.activeElement?.closest('.article-list li')?.classList.contains('current') ?? false);
    await page.focus('.ProseMirror');
    await page.keyboard.press('Alt+l');
    expect(await inCurrentRow()).toBe(true);
    await shoot('alt-l-open-article-row');
    await page.focus('input[aria-label="Search articles"]');
    await page.keyboard.press('F6');
    expect(await inCurrentRow()).toBe(true);
    await page.click('[role=tab]:has-text("Sources")');
    await page.focus('.ProseMirror');
    await page.keyboard.press('F6');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-selected') === 'true' && document.activeElement.textContent)).toMatch(/^Sources/);
    await page.click('[role=tab]:has-text("Annotation")');
  });

  it('typing in the search while the list answers slowly keeps every key, and lists what was typed', async () => {
    const search = 'input[aria-label="Search articles"]';
    await page.route('**/api/listArticles', async (route) => {
      await new Promise((r) => setTimeout(r, 300));
      await route.continue().catch(() => undefined); // unrouted meanwhile (the test failed): let it go
    });
    try {
      await page.focus(search);
      await page.keyboard.type('Mecca'); // five keys, each before the answer to the one before
      expect(await page.inputValue(search)).toBe('Mecca');
      await page.waitForFunction(() => document.querySelectorAll('.article-list li').length === 1);
      await page.waitForTimeout(400); // the answers to the first keys, if any came last, would show now
      expect(await page.locator('.article-list li').count()).toBe(1);
      expect(await page.locator('.article-list li .title').textContent()).toContain('Mecca');
      expect(await page.inputValue(search)).toBe('Mecca');
    } finally {
      await page.unroute('**/api/listArticles');
    }
    await page.fill(search, '');
    await page.waitForFunction(() => document.querySelectorAll('.article-list li').length > 1);
  });

  it('? and F1 open the key help, listing the commands’ keys; Escape gives the focus back (defect 8)', async () => {
    await page.focus('.ProseMirror');
    await page.keyboard.press('?');
    const help = page.locator('[role=dialog][aria-labelledby="key-help-title"]');
    await help.waitFor();
    const text = (await help.textContent())!;
    for (const k of ['F6 / Shift+F6', 'Ctrl+Enter', 'Alt+L', 'Tab / Shift+Tab', 'Speaker', 'Ctrl+Z', 'A', 'N']) expect(text).toContain(k);
    await shoot('key-help');
    await page.keyboard.press('Tab'); // the focus stays in the dialog
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'))).toBe(true);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);
    await page.keyboard.press('F1');
    await help.waitFor();
    await page.click('[role=dialog] button:has-text("Close")');
    await help.waitFor({ state: 'detached' });
  });

  it('while linking, the instruction shows next to the span being linked (defect 8)', async () => {
    await clickSpan(QUOTE);
    expect(await selectedSpan(page)).toBe(QUOTE);
    await page.keyboard.press('l');
    const hint = page.locator('.link-hint');
    await hint.waitFor();
    await expect.poll(async () => (await hint.evaluate((e) => getComputedStyle(e).visibility))).toBe('visible');
    const h = (await hint.boundingBox())!;
    // The last line box of the quote: the hint sits just below (or above) it, where that line starts, inside the text column.
    const s = await page.evaluate((id) => {
      const els = document.querySelectorAll(`.ProseMirror [data-span-id="${id}"]`);
      const r = [...els[els.length - 1]!.getClientRects()].at(-1)!;
      return { x: r.left, y: r.top, height: r.height };
    }, QUOTE);
    expect(Math.min(Math.abs(h.y - (s.y + s.height)), Math.abs(s.y - (h.y + h.height)))).toBeLessThan(20);
    expect(Math.abs(h.x - s.x)).toBeLessThan(40);
    const column = (await page.locator('.article-scroll').boundingBox())!;
    expect(h.x + h.width).toBeLessThanOrEqual(column.x + column.width);
    expect(await hint.textContent()).toContain('Enter');
    await shoot('link-hint');
    await page.keyboard.press('Escape');
    await hint.waitFor({ state: 'detached' });
  });

  it('Import is a dialog: pasted text, a web address, or files (defect 8)', async () => {
    // From the keyboard: F6 to the Import region, Enter.
    await page.focus('.ProseMirror');
    while ((await focusRegion()) !== 'import') await page.keyboard.press('F6');
    await page.keyboard.press('Enter');
    const dialog = page.locator('[role=dialog].import-dialog');
    await dialog.waitFor();
    expect(await dialog.locator('button:has-text("Choose files…")').count()).toBe(1);
    await page.fill('textarea[aria-label="Text to import"]', 'Lighthouse keepers return\n\nThe last keeper said the light would shine again.');
    await shoot('import-dialog');
    await page.click('[role=dialog] button:has-text("Add as an article")');
    await page.waitForFunction(() => document.querySelector('.article-title')?.textContent?.includes('Lighthouse keepers return'));

    await page.click('.import-tools button:has-text("Import…")');
    await dialog.waitFor();
    await page.fill('input[aria-label="Web address to import"]', `${webOrigin}/harbour.html`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role=dialog][aria-label="Import finished"]');
    expect(await page.textContent('.import-summary')).toBe('Imported 1 article, skipped 0 duplicates, 0 failed.');
    await page.click('[role=dialog] button:has-text("Close")');
    const harbour = server.store.listArticles({ search: 'Harbour reopens' }).items;
    expect(harbour).toHaveLength(1);
    expect((await server.store.getArticle(harbour[0]!.id)).article.metadata.url).toBe(`${webOrigin}/harbour.html`);

    await page.click('.import-tools button:has-text("Import…")');
    await dialog.waitFor();
    await page.setInputFiles('#import-dialog-files', [{ name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from('Memo on tides\n\nThe tide tables were late.') }]);
    await page.waitForSelector('[role=dialog][aria-label="Import finished"]');
    expect(await page.textContent('.import-summary')).toBe('Imported 1 article, skipped 0 duplicates, 0 failed.');
    await page.click('[role=dialog] button:has-text("Close")');
    expect(server.store.listArticles({ search: 'Memo on tides' }).items).toHaveLength(1);
  });

  it('a note on an annotation: N from the text, saved on Escape, undone with Ctrl+Z; the mouse edits it too', async () => {
    await openArticle(page, 'Ukrainian soldiers have entered');
    await clickSpan(CLAIM);
    expect(await selectedSpan(page)).toBe(CLAIM);
    await page.keyboard.press('n');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Note');
    await page.keyboard.type('Check against the ministry statement.');
    await shoot('note');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);
    const noteOf = async () => (await savedSpans(UKRAINE)).find((s) => s.id === CLAIM)?.note;
    await expect.poll(noteOf).toBe('Check against the ministry statement.');
    await waitSaved(page);
    await page.keyboard.press('Control+z');
    await expect.poll(noteOf).toBeUndefined();
    await expect.poll(() => page.inputValue('textarea[aria-label="Note"]')).toBe('');

    await page.click('textarea[aria-label="Note"]');
    await page.keyboard.type('Second look.');
    await page.click('.annotation-details .span-text'); // leaving the box saves it
    await expect.poll(noteOf).toBe('Second look.');
  });

  it('A tags every other occurrence with the same label and source in one undoable step; the button does too', async () => {
    await openArticle(page, 'Texas student Ahmed Mohamed');
    const before = await server.store.getArticle(TEXAS);
    const speaker = before.spans.find((s) => s.id === 's-mohamed')!;
    const expected = otherOccurrences(before, speaker).length;
    expect(expected).toBeGreaterThan(5);
    const mohameds = async () => (await savedSpans(TEXAS)).filter((s) => s.label === 'Speaker' && spanText(s) === 'Mohamed');

    await clickSpan('s-mohamed');
    await page.keyboard.press('a');
    await expect.poll(async () => (await mohameds()).length).toBe(expected + 1);
    expect((await mohameds()).every((s) => s.sourceId === 'src-mohamed')).toBe(true);
    expect(await page.textContent('.notice')).toContain(`Tagged ${expected} more occurrences`);
    await shoot('tag-all');
    await page.keyboard.press('a'); // nothing left to tag
    await waitSaved(page);
    expect(await mohameds()).toHaveLength(expected + 1);

    await page.keyboard.press('Control+z'); // one step takes them all back
    await expect.poll(async () => (await mohameds()).length).toBe(1);
    await page.click('.annotation-details button:has-text("Tag all (A)")');
    await expect.poll(async () => (await mohameds()).length).toBe(expected + 1);
  });
});
