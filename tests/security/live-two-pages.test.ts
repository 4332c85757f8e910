/**
 * Issue 14, item 4: open pages learn of changes made elsewhere. Two Chromium pages (two
 * annotators, each with its own storage, as two people or two browsers) on one article of the
 * real browser-mode server: an edit in one shows in the other without a reload, the other keeps
 * its selection and its status line says who changed the article; an undo in one takes back
 * only its own change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, openArticle, selectByFind, selectedSpan, spanCount, waitSaved } from '../helpers/browser.js';
import { sampleServer, type TestServer } from '../helpers/server.js';
import { cleanTemp } from '../helpers/project.js';

const SEED_002 = 'Ukrainian soldiers have entered';

let server: TestServer;
let browser: Browser;
let alice: Page;
let bob: Page;
let articleId = '';

async function pageFor(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  page.on('pageerror', (e) => {
    throw e;
  });
  await openApp(page, server.url, name);
  return page;
}

beforeAll(async () => {
  server = await sampleServer();
  browser = await launchBrowser();
  alice = await pageFor('Alice');
  bob = await pageFor('Bob');
  articleId = await openArticle(alice, SEED_002);
  expect(await openArticle(bob, SEED_002)).toBe(articleId);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await cleanTemp();
});

describe('two pages on one article', () => {
  it("shows Alice's new span in Bob's page without a reload, keeping Bob's selection, and says who changed it", async () => {
    const before = await spanCount(bob);
    await bob.click('.ProseMirror [data-label="Speaker"]');
    const bobSelected = await selectedSpan(bob);
    expect(bobSelected).toBeTruthy();
    const reloads: string[] = [];
    bob.on('framenavigated', (f) => reloads.push(f.url()));

    await selectByFind(alice, 'Videos');
    await alice.keyboard.press('4');
    await waitSaved(alice);
    expect(await spanCount(alice)).toBe(before + 1);

    await bob.waitForFunction((n) => new Set([...document.querySelectorAll('.ProseMirror [data-span-id]')].map((e) => e.getAttribute('data-span-id'))).size === n, before + 1);
    expect(await bob.textContent('.ProseMirror [data-label="Cue"]:text("Videos")')).toBe('Videos');
    expect(await selectedSpan(bob)).toBe(bobSelected);
    expect(await bob.textContent('[data-remote-change]')).toContain('Alice changed this article');
    expect(reloads).toEqual([]);
  });

  it("Bob's undo does not take back Alice's span; Alice's undo does, and Bob's page follows", async () => {
    const count = await spanCount(bob);
    await bob.focus('.ProseMirror');
    await bob.keyboard.press('Control+z');
    await bob.waitForFunction(() => document.querySelector('.notice')?.textContent?.includes('Nothing to undo.'));
    expect(await spanCount(bob)).toBe(count);
    expect((await server.store.getArticle(articleId)).spans.some((s) => s.fragments[0]!.text === 'Videos')).toBe(true);

    await alice.focus('.ProseMirror');
    await alice.keyboard.press('Control+z');
    await waitSaved(alice);
    await bob.waitForFunction((n) => new Set([...document.querySelectorAll('.ProseMirror [data-span-id]')].map((e) => e.getAttribute('data-span-id'))).size === n, count - 1);
    expect((await server.store.getArticle(articleId)).spans.some((s) => s.fragments[0]!.text === 'Videos')).toBe(false);
  });

  it("Bob's change of the article's status shows in Alice's page, and in her article list", async () => {
    const status = (await server.store.getArticle(articleId)).article.status;
    const next = status === 'in-progress' ? 'todo' : 'in-progress';
    await bob.keyboard.press(next === 'todo' ? 'Alt+1' : 'Alt+2');
    await waitSaved(bob);
    expect((await server.store.getArticle(articleId)).article.status).toBe(next);
    await alice.waitForFunction(() => document.querySelector('[data-remote-change]')?.textContent?.includes('Bob changed this article'));
    await alice.waitForSelector(`.article-list li[data-article-id="${articleId}"] select.status-${next}`, { state: 'attached' }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}: the list has ${await alice.evaluate(() => document.querySelector('.article-list')?.outerHTML.slice(0, 1500))}`);
    });
  });
});
