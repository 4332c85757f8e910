/**
 * The corpus pages in Chromium (issue 21), on the sample project (the two seed articles with
 * their gold annotations, and the Wikinews articles): the Sources page (counts, sorting,
 * filters, CSV) and a source's page (a quote's link opens the article with the quote
 * selected), the claims tracker (filters, ClaimReview export of the checked claims), quote
 * provenance (groups across the seeds; confirm, undo, split), the charts with their tables,
 * and the article list's search box finding text. Set SHOTS_DIR to save a screenshot of each page.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { selectedSpan, shotIfAsked } from '../helpers/browser.js';
import { call, workbenchSession, type TestServer } from '../helpers/server.js';

let server: TestServer;
let page: Page;
let close: () => Promise<void>;
let claimId = '';

beforeAll(async () => {
  ({ server, page, close } = await workbenchSession({
    // One claim checked (a verdict on the scale), so the tracker has something to export.
    prepare: async (s) => {
      for (const a of s.store.listArticles().items) {
        const doc = await s.store.getArticle(a.id);
        const claim = doc.spans.find((x) => x.label === 'Claim');
        if (!claim) continue;
        claimId = claim.id;
        await s.store.apply({ op: 'updateSpan', articleId: a.id, spanId: claim.id, patch: { attributes: { ...claim.attributes, Verdict: 'Mostly true' } } }, a.id);
        break;
      }
    },
  }));
  // A notice from opening (files migrated, …) would push the page down: dismiss it.
  if (await page.$('.notice button[aria-label="Dismiss"]')) await page.click('.notice button[aria-label="Dismiss"]');
}, 60_000);

afterAll(async () => close?.());

const rows = (sel: string) => page.$$eval(`${sel} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')));

describe('corpus pages (Chromium)', () => {
  it('lists every source with its counts, sorts, filters and exports CSV', async () => {
    await page.click('.corpus-links a:text-is("Sources")');
    await page.waitForSelector('.sources-table tbody tr[data-source-id]');
    const api = (await call(server, 'corpusSources', {})).json as { result: { rows: { name: string; mentions: number; quotes: number }[] } };
    const shown = await rows('.sources-table');
    expect(shown).toHaveLength(api.result.rows.length);
    const hur = shown.find((r) => r[0]!.startsWith('Main Directorate of Intelligence'))!;
    expect(hur.slice(2, 6)).toEqual(['7', '8', '4', '2']);
    await shotIfAsked(page, 'corpus-sources');
    if (process.env.SHOTS_DIR) {
      await page.setViewportSize({ width: 800, height: 700 });
      await shotIfAsked(page, 'corpus-sources-narrow');
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    await page.click('.sources-table th button:has-text("Quotes")');
    expect((await rows('.sources-table')).map((r) => Number(r[3]))).toEqual([...(await rows('.sources-table')).map((r) => Number(r[3]))].sort((a, b) => b - a));
    expect(await page.getAttribute('.sources-table th:has-text("Quotes")', 'aria-sort')).toBe('descending');
    await page.selectOption('.corpus-filters label:has-text("Kind") select', 'person');
    await page.waitForFunction(() => document.querySelectorAll('.sources-table tbody tr[data-source-id]').length === 1);
    expect((await rows('.sources-table'))[0]![0]).toMatch(/^Yuri Sak/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:text-is("Export CSV")')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('id,name,kind,role,aliases,mentions,quotes,claims,articles,outlets,first,last');
    expect(csv).toMatch(/Yuri Sak,person/);
    await page.selectOption('.corpus-filters label:has-text("Kind") select', '');
  });

  it("a source's page lists its quotes and claims; a link opens the article at the quote", async () => {
    await page.click('.sources-table a:text-is("Yuri Sak")');
    await page.waitForSelector('.corpus-section h1:text-is("Yuri Sak")');
    const items = await rows('.corpus-section .corpus-table');
    expect(items.filter((r) => r[0]!.startsWith('Quote'))).toHaveLength(3);
    expect(items.filter((r) => r[0] === 'Claim')).toHaveLength(1);
    await shotIfAsked(page, 'corpus-source');
    const spanId = await page.getAttribute('.corpus-table tbody tr:first-child', 'data-span-id');
    await page.click('.corpus-table tbody tr:first-child .item-text a');
    await page.waitForSelector('.corpus-page', { state: 'detached' });
    await page.waitForFunction((id) => document.querySelector('.annotation-details')?.getAttribute('data-selected-span') === id, spanId);
    expect(await selectedSpan(page)).toBe(spanId);
    await shotIfAsked(page, 'corpus-source-jump');
  });

  it('tracks claims and exports the checked ones as ClaimReview', async () => {
    await page.click('.corpus-links a:text-is("Claims")');
    await page.waitForSelector('.claims-table tbody tr[data-span-id]');
    expect(await rows('.claims-table')).toHaveLength(10);
    await page.selectOption('.corpus-filters label:has-text("Checked") select', 'yes');
    await page.waitForFunction(() => document.querySelectorAll('.claims-table tbody tr[data-span-id]').length === 1);
    expect(await page.getAttribute('.claims-table tbody tr', 'data-span-id')).toBe(claimId);
    await page.click('button:has-text("Export checked as ClaimReview")');
    await page.waitForSelector('.corpus-note:has-text("as ClaimReview")');
    const files = readdirSync(path.join(server.dir, 'exports')).filter((f) => f.endsWith('.jsonld'));
    const reviews = JSON.parse(readFileSync(path.join(server.dir, 'exports', files[0]!), 'utf8')) as { reviewRating: { alternateName: string } }[];
    expect(reviews.map((r) => r.reviewRating.alternateName)).toEqual(['Mostly true']);
    await shotIfAsked(page, 'corpus-claims');
  });

  it('groups the statements both seeds carry; confirm, undo and split are saved in provenance.json', async () => {
    await page.click('.corpus-links a:text-is("Provenance")');
    await page.waitForSelector('.provenance-group');
    const groups = await page.$$eval('.provenance-group', (gs) => gs.map((g) => [...g.querySelectorAll('.provenance-text')].map((t) => t.textContent ?? '')));
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(groups.some((g) => g.some((t) => /coming back under Ukrainian control/.test(t)) && g.length >= 2)).toBe(true);
    expect(groups.some((g) => g.some((t) => /withdrawal was completed/.test(t)))).toBe(true);
    await shotIfAsked(page, 'corpus-provenance');
    const first = page.locator('.provenance-group').first();
    const id = (await first.getAttribute('data-group-id'))!;
    await first.locator('button:text-is("Confirm")').click();
    await page.waitForSelector(`.provenance-group[data-group-id="${id}"][data-confirmed]`);
    const saved = () => JSON.parse(readFileSync(path.join(server.dir, 'provenance.json'), 'utf8')) as { decisions: { confirmed: string[]; splits: unknown[] } };
    expect(saved().decisions.confirmed).toEqual([id]);
    await page.click('.corpus-head button:text-is("Undo")');
    await page.waitForSelector(`.provenance-group[data-group-id="${id}"]:not([data-confirmed])`);
    expect(saved().decisions.confirmed).toEqual([]);
    const before = await page.locator('.provenance-group').count();
    const twoMembers = page.locator('.provenance-group').filter({ has: page.locator('.provenance-members > li:nth-child(2)') }).filter({ hasNot: page.locator('.provenance-members > li:nth-child(3)') }).first();
    await twoMembers.locator('.provenance-members > li:nth-child(2) input[type=checkbox]').check();
    await twoMembers.locator('button:has-text("Split off selected")').click();
    await page.waitForFunction((n) => document.querySelectorAll('.provenance-group').length === n - 1, before);
    expect(saved().decisions.splits).toHaveLength(1);
    await page.click('.corpus-head button:text-is("Undo")');
    await page.waitForFunction((n) => document.querySelectorAll('.provenance-group').length === n, before);
  });

  it('draws the charts, each with a table of its numbers', async () => {
    await page.click('.corpus-links a:text-is("Charts")');
    await page.waitForSelector('.chart-box canvas');
    expect(await page.locator('.chart-box canvas[role=img]').count()).toBe(6);
    const label = await page.getAttribute('canvas[aria-label^="Annotations per label"]', 'aria-label');
    expect(label).toMatch(/Quote \d+/);
    const quotesPerLabel = await page.$$eval('table[aria-label="Annotations per label"] tbody tr', (trs) => trs.map((tr) => [tr.children[0]!.textContent, tr.children[1]!.textContent]));
    expect(quotesPerLabel.find((r) => r[0] === 'Quote')?.[1]).toBeTruthy();
    await page.click('.chart-box:has-text("Direct and indirect") summary');
    await shotIfAsked(page, 'corpus-charts');
  });

  it("the article list's search box finds text and jumps to it", async () => {
    await page.evaluate(() => (location.hash = '#/'));
    await page.waitForSelector('.corpus-page', { state: 'detached' });
    await page.fill('input[aria-label="Search articles"]', '"withdrawal was completed"');
    await page.waitForSelector('.search-hits li');
    expect(await page.locator('.search-hits li').count()).toBe(1);
    expect(await page.textContent('.search-hits mark')).toBe('withdrawal was completed');
    await shotIfAsked(page, 'corpus-search');
    await page.click('.search-hits a');
    await page.waitForFunction(() => getSelection()?.toString() === 'withdrawal was completed');
  });
});
