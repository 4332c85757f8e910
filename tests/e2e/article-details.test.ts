/**
 * The article's details and its status (issue 16) in Chromium: the title, outlet, byline, date and
 * link edited in a dialog opened by Alt+M or the pencil, saved as one undoable change on an
 * annotated article (the text and spans untouched; the list shows the new title; Ctrl+Z puts the
 * old one back); a refused date is said in the dialog; and an article marked Done whose
 * annotations were all deleted says so ("Done — but no annotations"). Set SHOTS_DIR for screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openArticle, spanCount, waitSaved } from '../helpers/browser.js';
import { workbenchSession, type TestServer } from '../helpers/server.js';

let page: Page;
let server: TestServer;
let close: () => Promise<void>;
const SEED = 'Ukrainian soldiers have entered';
const SHOTS = process.env.SHOTS_DIR;

beforeAll(async () => {
  ({ page, server, close } = await workbenchSession());
}, 60_000);

afterAll(async () => close?.());

async function shot(name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const [w, h] of [[1440, 900], [1024, 700]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${w}x${h}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

const field = (name: string) => `.metadata-dialog input[name="${name}"]`;

describe('article details and status (Chromium)', () => {
  it('edits the title and metadata of an annotated article from the keyboard, undoably', async () => {
    const id = await openArticle(page, SEED);
    // The whole list (openArticle searched for the old title, which the new one would not match).
    await page.fill('input[aria-label="Search articles"]', '');
    await page.waitForFunction(() => document.querySelectorAll('.article-list li').length > 3);
    const before = await server.store.getArticle(id);
    const spans = await spanCount(page);
    expect(spans).toBeGreaterThan(0);
    await page.focus('.ProseMirror');
    await page.keyboard.press('Alt+KeyM');
    await page.waitForSelector('.metadata-dialog');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('title');
    expect(await page.inputValue(field('outlet'))).toBe(before.article.metadata.outlet ?? '');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Kherson retaken by Ukraine');
    await page.keyboard.press('Tab'); // outlet
    await page.keyboard.press('Tab'); // byline
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Kim Sengupta');
    await shot('details-dialog');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.metadata-dialog', { state: 'detached' });
    expect(await page.textContent('.article-title')).toBe('Kherson retaken by Ukraine');
    expect(await page.textContent('.article-meta')).toContain('Kim Sengupta');
    await page.waitForSelector(`.article-list li[data-article-id="${id}"] .title:text("Kherson retaken by Ukraine")`);
    await waitSaved(page);
    await server.store.flush();
    const saved = await server.store.getArticle(id);
    expect(saved.article.title).toBe('Kherson retaken by Ukraine');
    expect(saved.article.metadata.byline).toBe('Kim Sengupta');
    expect(saved.article.text).toBe(before.article.text);
    expect(saved.spans).toEqual(before.spans);
    expect((await server.store.listArticles({ search: 'Kherson retaken' })).items.map((a) => a.id)).toEqual([id]);
    // The focus is back in the text; Ctrl+Z undoes the whole change.
    expect(await page.evaluate(() => !!document.activeElement?.closest('.ProseMirror'))).toBe(true);
    await page.keyboard.press('Control+z');
    await page.waitForFunction((t) => document.querySelector('.article-title')?.textContent === t, before.article.title);
    await waitSaved(page);
    await server.store.flush();
    expect((await server.store.getArticle(id)).article.metadata).toEqual(before.article.metadata);
    await page.waitForSelector(`.article-list li[data-article-id="${id}"] .title:text(${JSON.stringify(before.article.title)})`);
  });

  it('opens from the pencil with the mouse, says why a date is refused, and Escape cancels', async () => {
    await page.click('button.edit-details');
    await page.waitForSelector('.metadata-dialog');
    await page.fill(field('published'), '11/11/2022');
    await page.click('.metadata-dialog button[type="submit"]');
    await page.waitForSelector('.metadata-dialog [role="alert"]');
    expect(await page.textContent('.metadata-dialog [role="alert"]')).toContain('not a date like 2022-11-11');
    await shot('details-refused');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.metadata-dialog', { state: 'detached' });
    expect(await page.textContent('.article-meta')).not.toContain('11/11/2022');
  });

  it('says "Done — but no annotations" when a done article lost all its annotations', async () => {
    await page.focus('.ProseMirror');
    await page.keyboard.press('Alt+3');
    expect(await page.$('[data-hollow-done]')).toBeNull();
    const n = await spanCount(page);
    for (let i = 0; i < n; i++) {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Delete');
    }
    await page.waitForSelector('[data-hollow-done]');
    expect(await page.$eval('select[aria-label="Article status"]', (s: HTMLSelectElement) => s.selectedOptions[0]!.textContent)).toBe('Done — but no annotations');
    await waitSaved(page);
    // The list row says it too (its row is updated locally from the edit).
    await page.waitForSelector('.article-list li.current .status-note');
    expect(await page.textContent('.article-list li.current .status-note')).toBe('but no annotations');
    await shot('done-but-empty');
    // One annotation back (undo): plain Done again.
    await page.keyboard.press('Control+z');
    await page.waitForSelector('[data-hollow-done]', { state: 'detached' });
    expect(await page.$eval('select[aria-label="Article status"]', (s: HTMLSelectElement) => s.selectedOptions[0]!.textContent)).toBe('Done');
    await page.waitForSelector('.article-list li.current .status-note', { state: 'detached' });
  });
});
