/**
 * Curation in Chromium (issue 18), on the sample's "Ukrainian soldiers have entered…" with a
 * second layer, bob's: the same as gold's but for a shorter first quote and no cue "said".
 * Alt+C opens the curation view on the first open disagreement; 1 accepts bob's version into
 * the curated layer (the annotators' layers untouched, on disk too); Ctrl+Z takes it back; N
 * goes to the next disagreement, X rejects it and N skips it; E accepts and Shift+→ adjusts
 * the curated copy; A accepts every agreed unit with the links between them; Escape leaves.
 * Set SHOTS_DIR to save screenshots of each state.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CURATED_LAYER, layerOf, makeFragment, type Operation, type Span } from '../../annotations/index.js';
import { shotIfAsked, waitSaved } from '../helpers/browser.js';
import { workbenchSession, type TestServer } from '../helpers/server.js';

let server: TestServer;
let page: Page;
let close: () => Promise<void>;
const ARTICLE = 'a-zhx615xkn4hp';
const QUOTE = 's-qsgd08jtb9vs'; // gold's quote 0–99, "Ukrainian soldiers have entered the strategic…"
const SAID = 's-2k5xkyhvvnes'; // gold's cue "said"

beforeAll(async () => {
  ({ server, page, close } = await workbenchSession({
    prepare: async (s) => {
      const doc = await s.store.getArticle(ARTICLE);
      const ids = new Map<string, string>();
      const ops: Operation[] = [];
      for (const g of doc.spans) {
        if (g.id === SAID) continue;
        const id = `bob-${g.id}`;
        ids.set(g.id, id);
        const fragments = g.id === QUOTE ? [makeFragment(doc.article.text, g.fragments[0]!.start, 70 as never)] : g.fragments;
        const span: Span = { ...g, id, annotator: 'bob', fragments };
        ops.push({ op: 'addSpan', articleId: ARTICLE, span });
      }
      for (const l of doc.links) {
        const from = ids.get(l.from);
        const to = ids.get(l.to);
        if (from && to && !l.event) ops.push({ op: 'addLink', articleId: ARTICLE, link: { ...l, id: `bob-${l.id}`, from, to, annotator: 'bob' } });
      }
      await s.store.apply({ op: 'batch', ops }, ARTICLE);
    },
  }));
}, 60_000);

afterAll(async () => close?.());

const saved = async () => {
  await server.store.flush();
  return server.store.getArticle(ARTICLE);
};
const curated = async () => (await saved()).spans.filter((s) => layerOf(s) === CURATED_LAYER);
const heading = () => page.textContent('.curation-unit h2');

/** axe-core's serious and critical violations inside `selector` (its source evaluated in the page). */
async function axeProblems(selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async (sel) => {
    type V = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Element, opts: object) => Promise<{ violations: V[] }> } }).axe;
    const r = await axe.run(document.querySelector(sel)!, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}

describe('curation', () => {
  it('compares the layers, accepts, undoes, rejects, edits and accepts the agreed, never changing an annotator\'s layer', async () => {
    await page.evaluate((id) => (location.hash = `#/articles/${id}`), ARTICLE);
    await page.waitForSelector(`.article-host[data-article-id="${ARTICLE}"] .ProseMirror`);
    const before = (await saved()).spans.filter((s) => layerOf(s) !== CURATED_LAYER).map((s) => JSON.stringify(s)).sort();
    await page.waitForSelector('.topbar button:has-text("Curate")');
    await page.keyboard.press('Alt+KeyC');
    await page.waitForSelector('.curation-unit');
    expect(await page.evaluate(() => location.hash)).toBe(`#/curate/${ARTICLE}`);
    expect(await heading()).toContain('Quote');
    expect(await heading()).toContain('disagreement, open');
    expect(await page.textContent('.curation-counts')).toMatch(/^2 of 2 disagreements open · 23 agreed not curated/);
    // Both layers stacked under the unit, the difference marked in words.
    expect(await page.$$eval('.curation-rows tbody tr', (rows) => rows.map((r) => r.getAttribute('data-layer')))).toEqual(['bob', 'gold', 'curated']);
    expect(await page.textContent('.curation-rows tr[data-layer="bob"]')).toContain('differs');
    await shotIfAsked(page, 'curation-open');
    if (process.env.SHOTS_DIR) {
      // The store's opening messages (a notice in the topbar) are not part of this picture.
      if (await page.$('.notice button[aria-label="Dismiss"]')) await page.click('.notice button[aria-label="Dismiss"]');
      await page.focus('.curation-body');
      await page.setViewportSize({ width: 1024, height: 700 });
      await shotIfAsked(page, 'curation-open-1024');
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    expect(await axeProblems('.curation')).toEqual([]);

    await page.keyboard.press('1');
    await page.waitForSelector('.curated-row mark.curated');
    await waitSaved(page);
    let mine = await curated();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ label: 'Quote', layer: 'curated', annotator: 'Tester' });
    expect(mine[0]!.fragments[0]!.end).toBe(70);
    await shotIfAsked(page, 'curation-accepted');

    await page.keyboard.press('Control+z');
    await page.waitForSelector('.curated-row mark.curated', { state: 'detached' });
    await waitSaved(page);
    expect(await curated()).toHaveLength(0);

    await page.keyboard.press('n');
    await page.waitForFunction(() => document.querySelector('.curation-unit h2')?.textContent?.includes('Cue'));
    expect(await page.textContent('.curation-rows tr[data-layer="bob"]')).toContain('has none');
    await page.keyboard.press('x');
    await page.waitForFunction(() => document.querySelector('.curation-unit h2')?.textContent?.includes('rejected'));
    await page.keyboard.press('n');
    await page.waitForFunction(() => document.querySelector('.curation-unit h2')?.textContent?.includes('Quote'));
    await page.keyboard.press('n');
    expect(await heading()).toContain('Quote'); // the rejected cue is skipped: the quote is the only open one
    await shotIfAsked(page, 'curation-rejected');

    await page.keyboard.press('e');
    await page.waitForSelector('.curation-editing');
    await page.keyboard.press('Shift+ArrowRight');
    await waitSaved(page);
    mine = await curated();
    expect(mine).toHaveLength(1);
    expect(mine[0]!.fragments[0]!.end).toBeGreaterThan(70);
    await page.keyboard.press('Enter');
    await shotIfAsked(page, 'curation-edited');

    await page.keyboard.press('a');
    await page.waitForFunction(() => /23 curated/.test(document.querySelector('.curation-counts')?.textContent ?? '') || /24 curated/.test(document.querySelector('.curation-counts')?.textContent ?? ''));
    await waitSaved(page);
    const doc = await saved();
    mine = doc.spans.filter((s) => layerOf(s) === CURATED_LAYER);
    expect(mine.length).toBe(24);
    expect(doc.links.filter((l) => layerOf(l) === CURATED_LAYER).length).toBeGreaterThan(0);
    for (const l of doc.links.filter((x) => layerOf(x) === CURATED_LAYER)) {
      expect(mine.some((s) => s.id === l.from) && mine.some((s) => s.id === l.to)).toBe(true);
    }
    // Curating never changed an annotator's layer.
    expect(doc.spans.filter((s) => layerOf(s) !== CURATED_LAYER).map((s) => JSON.stringify(s)).sort()).toEqual(before);
    await shotIfAsked(page, 'curation-all-agreed');

    await page.keyboard.press('Escape');
    await page.waitForSelector('.ProseMirror');
    expect(await page.evaluate(() => location.hash)).toBe(`#/articles/${ARTICLE}`);
  }, 60_000);
});
