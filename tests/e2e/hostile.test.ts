/**
 * Hostile input: a web page with scripts, event handlers and javascript: links, and a text
 * that looks like HTML, imported and shown in Chromium. Nothing executes, and article text is
 * never injected as HTML (it shows literally).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, openArticle } from '../helpers/browser.js';
import { call, sampleServer, type TestServer } from '../helpers/server.js';
import { cleanTemp } from '../helpers/project.js';

let browser: Browser;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  server = await sampleServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(8000);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await cleanTemp();
});

const trap = "window.__pwned = (window.__pwned || 0) + 1";

describe('hostile input (Chromium)', () => {
  it('imports a page full of scripts and handlers, and shows it without running anything', async () => {
    const html = `<html><head><title>Hostile</title><meta property="og:title" content="Hostile page &lt;img src=x onerror=&quot;${trap}&quot;&gt;">
      <script>${trap}</script><script src="javascript:${trap}"></script></head>
      <body onload="${trap}"><article>
      <p>${'The official said the plan was safe, and residents agreed with that assessment. '.repeat(4)}</p>
      <p onmouseover="${trap}">Click <a href="javascript:${trap}">here</a> and <img src=x onerror="${trap}"> see &lt;script&gt;${trap}&lt;/script&gt; as text.</p>
      <p>${'A second paragraph keeps Readability happy with enough words about the same topic. '.repeat(4)}</p>
      <iframe src="javascript:${trap}"></iframe><svg onload="${trap}"></svg></article></body></html>`;
    const r = await call(server, 'importFiles', { files: [{ name: 'hostile.html', data: Buffer.from(html).toString('base64') }] });
    expect(r.status).toBe(200);
    const text = await call(server, 'importText', { text: `Pasted <b>bold</b> <img src=x onerror="${trap}"> and <script>${trap}</script> stay text.` });
    expect(text.status).toBe(200);

    await openApp(page, server.url);
    await openArticle(page, 'Hostile page');
    await page.waitForTimeout(300);
    const view = page.locator('.ProseMirror');
    expect(await view.textContent()).toContain(`see <script>${trap}</script> as text.`);
    expect(await page.locator('.article-title').textContent()).toBe(`Hostile page <img src=x onerror="${trap}">`);
    const injected = await page.evaluate(() => ({
      scripts: document.querySelectorAll('.ProseMirror script, .article-head script').length,
      images: document.querySelectorAll('.ProseMirror img, .article-head img, .article-list img').length,
      handlers: [...document.querySelectorAll('.ProseMirror *, .article-head *')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      links: document.querySelectorAll('.ProseMirror a').length,
    }));
    expect(injected).toEqual({ scripts: 0, images: 0, handlers: 0, links: 0 });
    await view.hover();

    await openArticle(page, 'Pasted <b>bold</b>');
    expect(await page.locator('.ProseMirror').textContent()).toContain(`<img src=x onerror="${trap}"> and <script>${trap}</script> stay text.`);
    expect(await page.evaluate(() => document.querySelectorAll('.ProseMirror b, .ProseMirror img, .ProseMirror script').length)).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
