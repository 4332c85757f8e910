/**
 * Issue 14, item 1: the token must not leak to other local web servers. The real `serve`
 * command on a copy of the sample; its printed URL opened in Chromium; then, in the same
 * browser, a page from a second server on 127.0.0.1 (another port, as a dev server or another
 * local app would be). That server and its page must receive nothing that opens the project:
 * no cookie, no header, no storage holding the token; and the token works only as a header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { bodyTextMatching, launchBrowser, openApp } from '../helpers/browser.js';
import { cleanTemp } from '../helpers/project.js';
import { sampleCopy, serveCommand, type ServerProcess } from '../helpers/server-process.js';

let sm: ServerProcess;
let other: Server;
let otherOrigin: string;
/** Every request the second server received: its target and headers. */
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  sm = await serveCommand(sampleCopy());
  other = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>another local app</title><p>hello</p>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  context = await browser.newContext();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => other?.close(resolve));
  await sm?.stop();
  await cleanTemp();
});

describe('the token in browser mode (issue 14, item 1)', () => {
  it('is printed in the URL fragment, which browsers never send to a server', () => {
    expect(sm.url).toBe(`${sm.origin}/#token=${sm.token}`);
    expect(sm.token.length).toBeGreaterThanOrEqual(32);
  });

  it('after the printed URL is opened, a page from another local server receives no usable secret', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await openApp(page, sm.url!); // the app works

    // The same browser now loads a page from the second server (another port of 127.0.0.1).
    const stranger = await context.newPage();
    await stranger.goto(`${otherOrigin}/page?from=test`);
    const found = await stranger.evaluate(async (smOrigin) => {
      const storage = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`).join(';');
      // What a hostile local page can try: its own cookies and storage, and calls to the
      // Sourcemark server with whatever credentials the browser adds by itself.
      let api = 'no answer readable';
      try {
        const r = await fetch(`${smOrigin}/api/getProject`, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        api = `readable: ${r.status}`;
      } catch {
        // CORS: the answer is not readable
      }
      let shell = '';
      try {
        shell = await (await fetch(`${smOrigin}/`, { credentials: 'include' })).text();
      } catch {
        shell = 'not readable';
      }
      // Open Sourcemark's page and reach into its storage (COOP and the same-origin policy stop it).
      let opened = 'no window';
      const w = window.open(`${smOrigin}/`);
      await new Promise((r) => setTimeout(r, 500));
      try {
        opened = `read: ${w?.localStorage.getItem('sourcemark:token') ?? 'nothing'}`;
      } catch {
        opened = 'blocked';
      }
      w?.close();
      return { cookie: document.cookie, local: storage(localStorage), session: storage(sessionStorage), api, shell, opened };
    }, sm.origin);
    expect(found.cookie).toBe('');
    expect(found.local).toBe('');
    expect(found.session).toBe('');
    expect(found.api).toBe('no answer readable');
    expect(found.shell).toBe('not readable');
    expect(['blocked', 'no window', 'read: nothing']).toContain(found.opened);
    // The second server saw the page request and nothing carrying the token.
    expect(seen.length).toBeGreaterThan(0);
    for (const r of seen) {
      expect(r.headers.cookie, `cookie sent to ${r.url}`).toBeUndefined();
      expect(JSON.stringify(r), `request ${r.url}`).not.toContain(sm.token);
    }
    await stranger.close();

    // Sourcemark's own page: the address bar no longer shows the token, no cookie holds it, and
    // its origin's storage does.
    expect(page.url()).not.toContain(sm.token);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await context.cookies();
    expect(cookies.filter((c) => c.value.includes(sm.token) || c.name === 'sourcemark_token')).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('sourcemark:token'))).toBe(sm.token);
    await page.close();
  }, 60_000);

  it('works only as an Authorization header: not as a cookie, not in the query', async () => {
    const post = (headers: Record<string, string>, query = '') =>
      fetch(`${sm.origin}/api/listArticles${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
    expect((await post({ Authorization: `Bearer ${sm.token}` })).status).toBe(200);
    expect((await post({ Cookie: `sourcemark_token=${sm.token}` })).status).toBe(401);
    expect((await post({}, `?token=${sm.token}`)).status).toBe(401);
    expect((await post({ Authorization: sm.token })).status).toBe(401);
    expect((await post({ Authorization: `Basic ${Buffer.from(`x:${sm.token}`).toString('base64')}` })).status).toBe(401);
    const wrong = await post({ Authorization: `Bearer ${sm.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/old or wrong token/);
  });

  it('serves the HTML shell and its files without the token, with no data or secret in them, and sets no cookie', async () => {
    const shell = await fetch(`${sm.origin}/`);
    expect(shell.status).toBe(200);
    const html = await shell.text();
    expect(html).toContain('<div id="root">');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) {
      const r = await fetch(`${sm.origin}/${a}`);
      expect(r.status, a).toBe(200);
      const body = await r.text();
      expect(body, a).not.toContain(sm.token);
      expect(body, a).not.toContain('Afghan teenagers'); // the sample's article text is Api data only
    }
    // The shell only clears the cookie older versions set; it never sets one with a value.
    expect(shell.headers.get('set-cookie') ?? '').toMatch(/^(sourcemark_token=; Max-Age=0;.*)?$/);
    // An old-style link is checked and moved to the fragment, without a cookie.
    const legacy = await fetch(`${sm.origin}/?token=${sm.token}`, { redirect: 'manual' });
    expect(legacy.status).toBe(303);
    expect(legacy.headers.get('location')).toBe(`/#token=${sm.token}`);
    expect(legacy.headers.get('set-cookie')).toBeNull();
  });

  it('a page opened without the token, or with a wrong one, says how to open Sourcemark', async () => {
    const fresh = await browser.newContext();
    const page = await fresh.newPage();
    await page.goto(`${sm.origin}/`);
    expect(await bodyTextMatching(page, /Open Sourcemark with the URL it printed/)).toMatch(/Open Sourcemark with the URL it printed/);
    await page.goto(`${sm.origin}/#token=guessed`);
    await page.reload();
    await page.waitForSelector('.fatal');
    expect(await page.textContent('.fatal')).toMatch(/old or wrong token/);
    expect(page.url()).not.toContain('guessed');
    // The refused token is not kept: the next load asks for the printed URL again.
    expect(await page.evaluate(() => localStorage.getItem('sourcemark:token'))).toBeNull();
    await page.reload();
    expect(await bodyTextMatching(page, /Open Sourcemark with the URL it printed/)).toMatch(/Open Sourcemark with the URL it printed/);
    await fresh.close();
  }, 30_000);
});
