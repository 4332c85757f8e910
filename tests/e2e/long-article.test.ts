/**
 * A long article in the real workbench (Chromium, browser-mode server): the first screen is
 * there at once and the rest of the text and highlights follow (`aria-busy` meanwhile); jumping
 * to the last annotation before the rest has arrived completes the article at once; every
 * highlight ends up shown; a span made far down (many sections in) lands on the right text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { spanText } from '../../annotations/index.js';
import { generateDoc } from '../bench/generate.js';
import { waitSaved } from '../helpers/browser.js';
import { workbenchSession, type TestServer } from '../helpers/server.js';

let server: TestServer;
let page: Page;
const SPANS = 1500;
const doc = generateDoc('a-long-one', 20_000, 300, SPANS, 5);
const PARAGRAPHS = doc.article.paragraphs.length;

let close: () => Promise<void>;

beforeAll(async () => {
  ({ server, page, close } = await workbenchSession({ prepare: (s) => s.store.addArticle(doc), timeout: 10_000 }));
}, 60_000);

afterAll(async () => close?.());

type Wb = {
  view: { revealing: boolean; select(s: number, e: number): void } | null;
  get(): { selected: string | null; doc: { spans: { id: string }[] } | null };
  selectNext(step: 1 | -1): void;
  createSpan(label: string): Promise<void>;
};

type Probe = { busy: string | null; revealing: boolean; paragraphs: number; highlights: number; selected: string | null; shown: boolean; after: number; busyAfter: string | null };

/**
 * Opens an article by its address and, the moment its view is in the page (before any later
 * step of a long article has run), reads what is shown; with `jump`, then selects the last
 * annotation (Shift+Tab with nothing selected) and reads again.
 */
async function openAndProbe(id: string, jump: boolean): Promise<Probe> {
  return page.evaluate(([articleId, jumpToLast]) => new Promise<Probe>((resolve) => {
    const wb = (window as unknown as { __workbench: Wb }).__workbench;
    const observer = new MutationObserver(() => {
      const pm = document.querySelector(`.article-host[data-article-id="${articleId}"] .ProseMirror`);
      if (!pm || !wb.view) return;
      observer.disconnect();
      const ids = () => new Set([...pm.querySelectorAll('[data-span-id]')].map((e) => e.getAttribute('data-span-id'))).size;
      const first = { busy: pm.getAttribute('aria-busy'), revealing: wb.view.revealing, paragraphs: pm.querySelectorAll('p').length, highlights: ids() };
      if (jumpToLast) wb.selectNext(-1);
      const selected = wb.get().selected;
      resolve({
        ...first, selected, shown: !!selected && !!pm.querySelector(`[data-span-id="${selected}"]`),
        after: pm.querySelectorAll('p').length, busyAfter: pm.getAttribute('aria-busy'),
      });
    });
    observer.observe(document.body, { childList: true, subtree: true });
    location.hash = `#/articles/${articleId}`;
  }), [id, jump] as const);
}

const count = (sel: string) => page.evaluate((s) => new Set([...document.querySelectorAll(s)].map((e) => e.getAttribute('data-span-id') ?? e.getAttribute('data-paragraph'))).size, sel);

describe('a long article (Chromium)', () => {
  it('shows the first screen at once, then the rest, then nothing is busy', async () => {
    const first = await openAndProbe(doc.article.id, false);
    expect(first.busy).toBe('true');
    expect(first.revealing).toBe(true);
    expect(first.paragraphs).toBeGreaterThan(0);
    expect(first.paragraphs).toBeLessThan(PARAGRAPHS);
    expect(first.highlights).toBeGreaterThan(0);
    expect(first.highlights).toBeLessThan(SPANS);
    await page.waitForSelector('.ProseMirror:not([aria-busy])');
    expect(await count('.ProseMirror p')).toBe(PARAGRAPHS);
    expect(await count('.ProseMirror [data-span-id]')).toBe(SPANS);
  });

  it('completes the article at once when the last annotation is chosen before the rest has arrived', async () => {
    // Another article first: opening the one that is open does nothing.
    const other = server.store.listArticles().items.find((a) => a.id !== doc.article.id)!.id;
    await page.evaluate((id) => (location.hash = `#/articles/${id}`), other);
    await page.waitForSelector(`.article-host[data-article-id="${other}"] .ProseMirror`);
    const last = (await server.store.getArticle(doc.article.id)).spans.at(-1)!; // the workbench's order is the store's
    const r = await openAndProbe(doc.article.id, true);
    expect(r.paragraphs).toBeLessThan(PARAGRAPHS);
    expect(r.selected).toBe(last.id);
    expect(r.shown).toBe(true);
    expect(r.after).toBe(PARAGRAPHS);
    expect(r.busyAfter).toBeNull();
    await page.waitForSelector('.annotation-details[data-selected-span]');
  });

  it('makes a span many sections down on exactly the selected text', async () => {
    const p = doc.article.paragraphs[250]!;
    const start = doc.article.text.indexOf(' ', p.start) + 1;
    const end = doc.article.text.indexOf(' ', start + 12);
    const id = await page.evaluate(async ([s, e]) => {
      const wb = (window as unknown as { __workbench: Wb }).__workbench;
      wb.view!.select(s, e);
      await wb.createSpan('Claim');
      return wb.get().selected;
    }, [start, end] as const);
    await waitSaved(page);
    await server.store.flush();
    expect(doc.spans.some((s) => s.id === id)).toBe(false);
    const saved = (await server.store.getArticle(doc.article.id)).spans.find((s) => s.id === id)!;
    expect(spanText(saved)).toBe(doc.article.text.slice(start, end));
    expect(await page.textContent(`.ProseMirror [data-span-id="${id}"]`)).toBe(doc.article.text.slice(start, end));
  });
});
