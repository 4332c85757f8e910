/**
 * An article saved before links were checked may still hold a `javascript:` link in
 * `metadata.url` (import and `apply` refuse such links now, but old files keep what they had).
 * The article's "source" link must never be drawn for it; an http link still is.
 */
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../app/api/handlers.js';
import { startServer, type RunningServer } from '../../app/shells/server.js';
import { ProjectStore } from '../../app/store/project-store.js';
import { launchBrowser, openApp, openArticle } from '../helpers/browser.js';
import { repoRoot } from '../helpers/gold.js';
import { cleanTemp, tempDir } from '../helpers/project.js';

let browser: Browser;
let page: Page;
let server: RunningServer;
let store: ProjectStore;
const titles: string[] = [];

beforeAll(async () => {
  const dir = path.join(tempDir('sourcemark-old-links-'), 'project');
  cpSync(path.join(repoRoot, 'sample'), dir, { recursive: true });
  // A hand-edited (or pre-check) file: the first article gets a javascript: link, the second an http one.
  const links = ['javascript:window.__pwned=1', 'https://example.org/story'];
  for (const [i, name] of readdirSync(path.join(dir, 'articles')).sort().slice(0, 2).entries()) {
    const file = path.join(dir, 'articles', name);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { article: { title: string; metadata: { url?: string } } };
    doc.article.metadata.url = links[i]!;
    writeFileSync(file, JSON.stringify(doc, null, 2));
    titles.push(doc.article.title);
  }
  store = await ProjectStore.open(dir);
  server = await startServer({ api: createApi(store, 'browser'), staticDir: path.join(repoRoot, 'dist/renderer') });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(8000);
  await openApp(page, server.url);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  await cleanTemp();
});

const metaLinks = () => page.evaluate(() => [...document.querySelectorAll('.article-meta a')].map((a) => a.getAttribute('href')));

describe('old links (Chromium)', () => {
  it('never draws a javascript: link of an old file as the article’s source link; an https one still shows', async () => {
    const id = await openArticle(page, titles[0]!.slice(0, 24));
    expect((await store.getArticle(id)).article.metadata.url).toBe('javascript:window.__pwned=1');
    expect(await metaLinks()).toEqual([]);
    await openArticle(page, titles[1]!.slice(0, 24));
    expect(await metaLinks()).toEqual(['https://example.org/story']);
  });
});
