/**
 * The soak: one browser session applies 5,000 annotation operations (add, relabel, type,
 * remove, in turn) to one article through the workbench, every change saved by the real server.
 * The page's heap at the end is within 20% of the heap after the first 500, and the work per
 * block of 500 does not grow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, openArticle } from '../helpers/browser.js';
import { sampleServer, type TestServer } from '../helpers/server.js';
import { cleanTemp } from '../helpers/project.js';

let browser: Browser;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  server = await sampleServer();
  browser = await launchBrowser(['--js-flags=--expose-gc', '--enable-precise-memory-info']);
  page = await browser.newPage();
  await openApp(page, server.url);
  await openArticle(page, 'Mecca crane collapse');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await cleanTemp();
});

type Block = { ms: number; heapMb: number };

describe('soak (Chromium)', () => {
  it('5,000 operations: memory stays within 20% of the level after the first 500, and the work does not slow down', async () => {
    const blocks = await page.evaluate(async () => {
      type Wb = {
        view: { select(s: number, e: number): void } | null;
        get(): { doc: { article: { text: string }; spans: { id: string }[] } };
        createSpan(label: string): Promise<void>; relabelSelected(label: string): Promise<void>;
        setAttribute(name: string, value: string | null): Promise<void>; removeSelected(): Promise<void>; idle(): Promise<unknown>;
      };
      const wb = (window as unknown as { __workbench: Wb }).__workbench;
      const text = wb.get().doc.article.text;
      const words = [...text.matchAll(/\p{L}+/gu)].map((m) => [m.index!, m.index! + m[0].length] as const);
      const gc = (window as unknown as { gc?: () => void }).gc;
      const out: { ms: number; heapMb: number }[] = [];
      let work = 0;
      for (let i = 0; i < 5000; i++) {
        const t = performance.now();
        switch (i % 4) {
          case 0: {
            const [s, e] = words[(i * 7) % words.length]!;
            wb.view!.select(s, e);
            await wb.createSpan('Quote');
            break;
          }
          case 1: await wb.setAttribute('QuoteType', 'Direct'); break;
          case 2: await wb.relabelSelected('Claim'); break;
          default: await wb.removeSelected();
        }
        work += performance.now() - t;
        if (i % 100 === 99) await wb.idle(); // let the saves catch up, as a person's pace would
        if (i % 500 === 499) {
          await wb.idle();
          await new Promise((r) => setTimeout(r, 50));
          gc?.();
          out.push({ ms: work, heapMb: (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize / 2 ** 20 });
          work = 0;
        }
      }
      return out;
    }) as Block[];
    const first = blocks[0]!;
    const last = blocks.at(-1)!;
    console.log(`soak: heap after 500 ops ${first.heapMb.toFixed(1)} MB, after 5,000 ${last.heapMb.toFixed(1)} MB; work per 500 ops ${blocks.map((b) => b.ms.toFixed(0)).join(', ')} ms`);
    expect(blocks).toHaveLength(10);
    expect(last.heapMb).toBeLessThanOrEqual(first.heapMb * 1.2);
    // Relative, not absolute: the last blocks do not take much longer than the early ones.
    const early = Math.min(...blocks.slice(0, 3).map((b) => b.ms));
    const late = Math.min(...blocks.slice(-3).map((b) => b.ms));
    expect(late).toBeLessThan(early * 2);
    await server.store.flush();
    const doc = await server.store.getArticle((await page.getAttribute('.article-host', 'data-article-id'))!);
    expect(doc.spans.filter((s) => s.label !== 'Speaker')).toHaveLength(0); // every added span was removed again
    expect(await page.getAttribute('[data-save-state]', 'data-save-state')).toBe('saved');
  }, 240_000);
});
