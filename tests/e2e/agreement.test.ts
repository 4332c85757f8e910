/**
 * The Agreement page in Chromium (issue 18), on the sample project with two more layers made
 * through the store (alice copies the gold spans and links exactly, bob drops some and moves an
 * end): the matrix (values written in coloured cells), the drill-down to the pair's articles
 * and to the spans where they differ, and "Accept agreed" filling the curated layer (the
 * "vs curated" column then shows it). Set SHOTS_DIR to save a screenshot of each state.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shotIfAsked } from '../helpers/browser.js';
import { call, workbenchSession, type TestServer } from '../helpers/server.js';
import { makeFragment, type ArticleDoc, type Operation, type Span } from '../../annotations/index.js';
import { CURATED_LAYER, layerOf } from '../../annotations/model/layers.js';

let server: TestServer;
let page: Page;
let close: () => Promise<void>;
/** Spans alice, bob and gold all have (what "Accept agreed" copies). */
let agreed = 0;

beforeAll(async () => {
  ({ server, page, close } = await workbenchSession({
    prepare: async (s) => {
      for (const a of s.store.listArticles().items) {
        const doc = await s.store.getArticle(a.id);
        const gold = doc.spans.filter((x) => x.annotator === 'gold');
        if (!gold.length) continue;
        const copy = (x: Span, who: string, end?: number): Span => ({ ...x, id: `${x.id}-${who}`, annotator: who, ...(end ? { fragments: [makeFragment(doc.article.text, x.fragments[0]!.start, end)] } : {}) });
        const ops: Operation[] = [];
        gold.forEach((x, i) => {
          ops.push({ op: 'addSpan', articleId: a.id, span: copy(x, 'alice') });
          if (i % 4 === 1) return; // bob leaves it out
          const f = x.fragments[x.fragments.length - 1]!;
          const moved = i % 4 === 2 && x.fragments.length === 1 && f.end < doc.article.text.length ? f.end + 1 : undefined;
          ops.push({ op: 'addSpan', articleId: a.id, span: copy(x, 'bob', moved) });
          if (!moved) agreed++;
        });
        for (const l of doc.links.filter((x) => x.annotator === 'gold' && !x.event)) ops.push({ op: 'addLink', articleId: a.id, link: { ...l, id: `${l.id}-alice`, from: `${l.from}-alice`, to: `${l.to}-alice`, annotator: 'alice' } });
        await s.store.apply({ op: 'batch', ops }, a.id, { annotator: 'alice' });
      }
    },
  }));
  if (await page.$('.notice button[aria-label="Dismiss"]')) await page.click('.notice button[aria-label="Dismiss"]');
}, 60_000);

afterAll(async () => close?.());

/** axe-core's serious and critical findings inside the Agreement page (evaluated over CDP, which the page's CSP does not govern). */
async function audit(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Element, opts: object) => Promise<Result> } }).axe;
    const r = await axe.run(document.querySelector('.agreement-page')!, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const cell = (row: string, col: number) => page.textContent(`.agreement-matrix tbody tr:has(th:text-is("${row}")) td:nth-of-type(${col})`);

describe('the Agreement page (Chromium)', () => {
  it('shows the matrix with a value in every coloured cell, per label and measure', async () => {
    await page.click('a.topbar-link:text-is("Agreement")');
    await page.waitForSelector('.agreement-matrix');
    expect(await page.$$eval('.agreement-matrix thead th', (ths) => ths.map((t) => t.textContent))).toEqual(['Annotator', 'alice', 'bob', 'gold']);
    await page.selectOption('.agreement-controls select >> nth=0', 'Speaker');
    // alice copied gold exactly: 1.00 both ways; bob differs.
    expect(await cell('alice', 3)).toBe('1.00');
    expect(await cell('gold', 1)).toBe('1.00');
    expect(Number(await cell('alice', 2))).toBeLessThan(1);
    const bg = await page.$eval('.agreement-matrix tbody tr:has(th:text-is("alice")) td:nth-of-type(3)', (td) => getComputedStyle(td).backgroundColor);
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
    await page.selectOption('.agreement-controls select >> nth=1', 'kappa');
    expect(await cell('alice', 3)).toBe('1.00');
    expect(await page.textContent('.agreement-page')).toContain('Krippendorff');
    await shotIfAsked(page, 'agreement-matrix');
    if (process.env.SHOTS_DIR) {
      await page.setViewportSize({ width: 800, height: 700 });
      await shotIfAsked(page, 'agreement-matrix-narrow');
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    expect(await audit()).toEqual([]);
  });

  it('drills down to the pair\'s articles, then to the spans where they differ', async () => {
    await page.selectOption('.agreement-controls select >> nth=1', 'exactF1');
    // By keyboard: the cell is a link.
    await page.focus('.agreement-matrix tbody tr:has(th:text-is("alice")) td:nth-of-type(2) a');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:text-is("alice and bob")');
    await page.waitForSelector('.corpus-table tbody tr');
    expect(await page.$$eval('.corpus-table tbody tr', (trs) => trs.length)).toBe(2);
    await shotIfAsked(page, 'agreement-pair');
    await page.click('.corpus-table tbody tr:first-child a');
    await page.waitForSelector('.agreement-spans tbody tr[data-status]');
    const statuses = await page.$$eval('.agreement-spans tbody tr', (trs) => trs.map((t) => t.getAttribute('data-status')));
    expect(statuses).toContain('onlyA');
    expect(statuses).not.toContain('exact');
    expect(await page.textContent('.agreement-spans')).toContain('only alice');
    await shotIfAsked(page, 'agreement-spans');
    expect(await audit()).toEqual([]);
    await page.click('a:text-is("← alice and bob")');
    await page.waitForSelector('h1:text-is("alice and bob")');
    await page.click('a:text-is("← Agreement")');
    await page.waitForSelector('.agreement-matrix');
  });

  it('accepts what every annotator agrees on into the curated layer, once', async () => {
    await page.click('button:text-is("Accept agreed")');
    await page.waitForSelector('.agreement-message:has-text("Accepted")');
    expect(await page.textContent('.agreement-message')).toContain(`Accepted ${agreed} agreed span`);
    const ids = server.store.listArticles().items.map((a) => a.id);
    let curated = 0;
    for (const id of ids) {
      const r = (await call(server, 'getArticle', { id })).json.result as ArticleDoc;
      curated += r.spans.filter((x) => layerOf(x) === CURATED_LAYER).length;
      expect(r.spans.filter((x) => x.layer === CURATED_LAYER).every((x) => x.annotator === 'Tester')).toBe(true);
    }
    expect(curated).toBe(agreed);
    await page.check('.agreement-controls input[type="checkbox"]');
    await page.waitForSelector('.agreement-matrix thead th:text-is("vs curated")');
    await shotIfAsked(page, 'agreement-curated');
    await page.click('button:text-is("Accept agreed")');
    await page.waitForSelector('.agreement-message:has-text("Nothing to accept")');
  });
});
