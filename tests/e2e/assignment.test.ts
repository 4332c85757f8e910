/**
 * Assignment in Chromium (issue 18): the manager's panel (Assign…) double-annotates 50% of the
 * sample's articles among two annotators with a seed, assigns a chosen article to someone else
 * only, and Alt+N ("next to do") then opens only articles assigned to the annotator. Set
 * SHOTS_DIR to save screenshots.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AssignmentsInfo } from '../../app/api/contract.js';
import { shotIfAsked } from '../helpers/browser.js';
import { call, workbenchSession, type TestServer } from '../helpers/server.js';

let server: TestServer;
let page: Page;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ server, page, close } = await workbenchSession());
}, 60_000);

afterAll(async () => close?.());

const assignments = async () => (await call(server, 'getAssignments', {})).json.result as AssignmentsInfo;

describe('assignment', () => {
  it('double-annotates N% from the panel, assigns chosen articles, and next to do follows the assignment', async () => {
    await page.click('.import-tools button:has-text("Assign…")');
    await page.waitForSelector('.assignment-dialog');
    await page.fill('.assignment-dialog input[type=text]', 'Tester, bob');
    await page.fill('.assignment-dialog input[type=number] >> nth=0', '50');
    await page.fill('.assignment-dialog input[type=number] >> nth=1', '5');
    await page.click('.assignment-dialog button:has-text("Assign every article")');
    await page.waitForSelector('.assignment-result:has-text("to two annotators")');
    const total = server.store.listArticles({}).total;
    let a = await assignments();
    expect(Object.keys(a.articles)).toHaveLength(total);
    expect(Object.values(a.articles).filter((l) => l.length === 2)).toHaveLength(Math.round(total / 2));
    expect(a.annotators).toEqual(['Tester', 'bob']);
    expect(JSON.parse(readFileSync(path.join(server.dir, 'assignments.json'), 'utf8'))).toMatchObject({ type: 'sourcemark-assignments', articles: a.articles });
    await shotIfAsked(page, 'assignment-double');

    // One article (the open one is chosen when the panel opens) to carol only.
    await page.click('.assignment-dialog button:has-text("Choose none")');
    await page.click('.assignment-list li >> nth=0 >> input');
    await page.fill('.assignment-dialog input[type=text]', 'carol');
    await page.click('.assignment-dialog button:has-text("Assign chosen to them only")');
    await page.waitForSelector('.assignment-list li >> nth=0 >> .assignees:text-is("carol")');
    a = await assignments();
    expect(Object.values(a.articles).filter((l) => l.join() === 'carol')).toHaveLength(1);
    await shotIfAsked(page, 'assignment-chosen');
    // Everything to bob only, then two articles that are not done to Tester too.
    await page.click('.assignment-dialog button:has-text("Choose all")');
    await page.fill('.assignment-dialog input[type=text]', 'bob');
    await page.click('.assignment-dialog button:has-text("Assign chosen to them only")');
    await page.waitForSelector('.assignment-result:has-text("to bob")');
    const notDone = server.store.listArticles({ limit: 1000 }).items.filter((x) => x.status !== 'done').map((x) => x.id);
    const mine = [notDone[1]!, notDone[3]!];
    await page.click('.assignment-dialog button:has-text("Choose none")');
    for (const id of mine) await page.click(`.assignment-list li[data-article-id="${id}"] input`);
    await page.fill('.assignment-dialog input[type=text]', 'Tester');
    await page.click('.assignment-dialog button:has-text("Assign chosen to them")');
    await page.waitForSelector(`.assignment-list li[data-article-id="${mine[0]}"] .assignees:text-is("Tester, bob")`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.assignment-dialog', { state: 'detached' });

    // Alt+N opens only the annotator's own articles, alternating between the two.
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const before = await page.evaluate(() => location.hash);
      await page.keyboard.press('Alt+n');
      await page.waitForFunction((h) => location.hash !== h, before);
      const id = (await page.evaluate(() => location.hash)).replace('#/articles/', '');
      // The next Alt+N counts from the open article: wait until it is the one the address names.
      await page.waitForSelector(`.article-host[data-article-id="${id}"]`);
      seen.push(id);
    }
    for (const id of seen) expect(mine).toContain(id);
    expect(new Set(seen).size).toBe(2);
  }, 60_000);
});
