/**
 * Blind annotation in Chromium (issue 18), the sample with its setting turned off: on its article "Ukrainian soldiers have
 * entered…", annotated by "gold", the annotator "Tester" sees only their own span; the
 * Guidelines tab's "Show other annotators' layers" shows every layer (saved in the project's
 * settings) and turning it off hides them again. Set SHOTS_DIR for screenshots of each state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeFragment } from '../../annotations/index.js';
import { openArticle, shotIfAsked } from '../helpers/browser.js';
import { workbenchSession, type TestServer } from '../helpers/server.js';

let server: TestServer;
let page: Page;
let close: () => Promise<void>;
const ARTICLE = 'a-zhx615xkn4hp';

beforeAll(async () => {
  ({ server, page, close } = await workbenchSession({
    prepare: async (s) => {
      // The sample shows every layer (it is a demo of gold annotations); a project is blind by default.
      await s.store.updateProject({ settings: { showOtherLayers: false } });
      const doc = await s.store.getArticle(ARTICLE);
      const at = doc.article.text.indexOf('soldiers');
      await s.store.apply({
        op: 'addSpan', articleId: ARTICLE,
        span: { id: 's-tester-1', label: 'Speaker', fragments: [makeFragment(doc.article.text, at, at + 8)], attributes: {}, annotator: 'Tester', origin: 'manual', createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z' },
      }, ARTICLE, { annotator: 'Tester' });
    },
  }));
}, 60_000);

afterAll(async () => close?.());

/** The spans the article view draws, by id. */
const shownSpans = () => page.$$eval('.ProseMirror [data-span-id]', (els) => [...new Set(els.map((e) => e.getAttribute('data-span-id')))].sort());

describe('blind annotation', () => {
  it('shows the signed-in annotator their own layer only, and every layer when the project says so', async () => {
    const gold = (await server.store.getArticle(ARTICLE)).spans.filter((s) => s.annotator === 'gold').map((s) => s.id);
    expect(gold.length).toBeGreaterThan(10);
    await openArticle(page, 'Ukrainian soldiers have entered');
    await page.waitForSelector('.ProseMirror [data-span-id="s-tester-1"]');
    expect(await shownSpans()).toEqual(['s-tester-1']);
    // The list's row and the status line count what is shown, not the other layers' spans.
    expect(await page.textContent(`.article-list li[data-article-id="${ARTICLE}"] .counts`)).toMatch(/^S 1\s*Q 0\s*Cl 0\s*Cu 0$/);
    expect(await page.textContent('.statusbar .doc-counts')).toMatch(/^1 Speaker · 0 Quote · 0 Claim · 0 Cue · 0 links$/);
    await shotIfAsked(page, 'layers-blind');

    await page.click('button[role=tab]:has-text("Guidelines")');
    const toggle = page.getByLabel(/Show other annotators. layers/);
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await page.waitForFunction((n) => new Set([...document.querySelectorAll('.ProseMirror [data-span-id]')].map((e) => e.getAttribute('data-span-id'))).size === n, gold.length + 1);
    expect(await shownSpans()).toEqual([...gold, 's-tester-1'].sort());
    expect(await page.textContent('.statusbar .doc-counts')).not.toMatch(/^1 Speaker · 0 Quote/);
    await server.store.flush();
    expect(server.store.info.settings.showOtherLayers).toBe(true);
    await shotIfAsked(page, 'layers-all');

    await toggle.uncheck();
    await page.waitForFunction(() => document.querySelectorAll('.ProseMirror [data-span-id]').length > 0 && new Set([...document.querySelectorAll('.ProseMirror [data-span-id]')].map((e) => e.getAttribute('data-span-id'))).size === 1);
    expect(await shownSpans()).toEqual(['s-tester-1']);
    await server.store.flush();
    expect(server.store.info.settings.showOtherLayers).toBe(false);
  });

  it('exports one layer from the Export dialog', async () => {
    await page.click('button:has-text("Export…")');
    await page.waitForSelector('select[aria-label="Layer"]');
    const options = await page.$$eval('select[aria-label="Layer"] option', (els) => els.map((e) => e.getAttribute('value')));
    expect(options).toEqual(['all', 'curated', 'Tester', 'gold']);
    await page.selectOption('select[aria-label="Layer"]', 'Tester');
    await shotIfAsked(page, 'layers-export-dialog');
    await page.click('.modal button[type=submit]');
    await page.waitForSelector('.export-result');
    expect(await page.textContent('.export-result')).toMatch(/Exported 14 articles \(1 spans, 0 links\)/);
    await shotIfAsked(page, 'layers-export-done');
    await page.keyboard.press('Escape');
  });
});
