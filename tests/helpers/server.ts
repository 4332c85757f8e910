/** A real browser-mode server on a temporary copy of the sample project, for tests. */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { createApi } from '../../app/api/handlers.js';
import { startServer, type RunningServer } from '../../app/shells/server.js';
import { ProjectStore, type StoreOptions } from '../../app/store/project-store.js';
import { repoRoot } from './gold.js';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp } from './browser.js';
import { cleanTemp, tempDir } from './project.js';

export type TestServer = RunningServer & { store: ProjectStore; dir: string; stop: () => Promise<void> };

export async function sampleServer(opts: StoreOptions & { bodyLimit?: number } = {}): Promise<TestServer> {
  const dir = path.join(tempDir('sourcemark-e2e-'), 'project');
  cpSync(path.join(repoRoot, 'sample'), dir, { recursive: true });
  const store = await ProjectStore.open(dir, opts);
  const server = await startServer({
    api: createApi(store, 'browser'), staticDir: path.join(repoRoot, 'dist/renderer'),
    ...(opts.bodyLimit ? { bodyLimit: opts.bodyLimit } : {}),
  });
  return { ...server, store, dir, stop: async () => {
    await server.close();
    await store.close();
  } };
}

/** Calls an Api method over HTTP with the bearer token. */
export async function call(s: RunningServer, method: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: { result?: unknown; error?: { code: string; message: string } } }> {
  const res = await fetch(`${s.origin}/api/${method}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.token}`, ...headers }, body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}

/**
 * The app in Chromium against a real server on a copy of the sample: `prepare` runs on the
 * store before the page opens; page errors fail the test; `close` ends it all. `open: false`
 * leaves the page blank (for a test of the first run's name dialog); else the app is open, the
 * name given.
 */
export async function workbenchSession(opts: StoreOptions & { prepare?: (s: TestServer) => Promise<void>; timeout?: number; open?: boolean } = {}): Promise<{ server: TestServer; browser: Browser; page: Page; close: () => Promise<void> }> {
  const server = await sampleServer(opts);
  await opts.prepare?.(server);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(opts.timeout ?? 8000);
  page.on('pageerror', (e) => {
    throw e;
  });
  if (opts.open !== false) await openApp(page, server.url);
  return { server, browser, page, close: async () => {
    await browser.close();
    await server.stop();
    await cleanTemp();
  } };
}
