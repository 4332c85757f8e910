/**
 * Relation arcs (issue 16) in Chromium: off by default; Alt+R or the toolbar's Arcs button shows
 * the open article's links as arcs above the text, each starting at its span and named by its
 * type, remembered across a reload; a deleted span takes its arcs with it; on a 114k-character
 * article only the arcs near the visible part are drawn, and each redraw while scrolling stays
 * well under a frame (the figures are printed). Set SHOTS_DIR to keep screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Link, Span } from '../../annotations/index.js';
import { generateDoc } from '../bench/generate.js';
import { openArticle, waitSaved, shotIfAsked } from '../helpers/browser.js';
import { workbenchSession } from '../helpers/server.js';

let page: Page;
let close: () => Promise<void>;
const SEED = 'Ukrainian soldiers have entered';

/** The long article, with a link from every Quote to the nearest Speaker before it and every Cue to the next Quote. */
const long = (() => {
  const doc = generateDoc('a-long-arcs', 20_000, 300, 1500, 5);
  const links: Link[] = [];
  let speaker: Span | undefined;
  doc.spans.forEach((s, i) => {
    if (s.label === 'Speaker') speaker = s;
    if (s.label === 'Quote' && speaker) links.push({ id: `l-q${i}`, type: 'said-by', from: s.id, to: speaker.id });
    const quote = s.label === 'Cue' ? doc.spans.slice(i + 1).find((o) => o.label === 'Quote') : undefined;
    if (quote) links.push({ id: `l-c${i}`, type: 'cue-of', from: s.id, to: quote.id });
  });
  return { ...doc, links };
})();

beforeAll(async () => {
  ({ page, close } = await workbenchSession({ prepare: (s) => s.store.addArticle(long), timeout: 10_000 }));
}, 60_000);

afterAll(async () => close?.());

const shot = (name: string): Promise<void> => shotIfAsked(page, name);

const arcIds = (): Promise<string[]> => page.evaluate(() => [...document.querySelectorAll('svg.arcs g.arc')].map((g) => g.getAttribute('data-link-id')!));
/** Waits for the next two frames (a redraw is scheduled on the next one). */
const frames = (): Promise<unknown> => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe('relation arcs (Chromium)', () => {
  it('are off by default, shown by Alt+R and the Arcs button, start at their spans, and are remembered', async () => {
    await openArticle(page, SEED);
    expect(await page.getAttribute('button.arcs-toggle', 'aria-pressed')).toBe('false');
    expect(await page.$('svg.arcs')).toBeNull();
    await page.focus('.ProseMirror');
    await page.keyboard.press('Alt+KeyR');
    await page.waitForSelector('svg.arcs g.arc');
    expect(await page.getAttribute('button.arcs-toggle', 'aria-pressed')).toBe('true');
    const links = await page.evaluate(() => (window as unknown as { __workbench: { get(): { doc: { links: { id: string; from: string; type: string }[] } } } }).__workbench.get().doc.links);
    const ids = await arcIds();
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.every((id) => links.some((l) => l.id === id))).toBe(true);
    // The first arc starts above its span's first line box, and is named by its link type.
    const geo = await page.evaluate((id) => {
      const g = document.querySelector(`svg.arcs g.arc[data-link-id="${id}"]`)!;
      const wb = (window as unknown as { __workbench: { get(): { doc: { links: { id: string; from: string }[] } } } }).__workbench;
      const link = wb.get().doc.links.find((l) => l.id === id)!;
      const span = document.querySelector(`.ProseMirror [data-span-id="${link.from}"]`)!.getClientRects()[0]!;
      const host = document.querySelector('.article-host')!.getBoundingClientRect();
      const start = /^M([\d.-]+),([\d.-]+)/.exec(g.querySelector('path')!.getAttribute('d')!)!;
      return { x: Number(start[1]) + host.left, y: Number(start[2]) + host.top, span: { left: span.left, right: span.right, top: span.top, bottom: span.bottom }, text: g.querySelector('text')!.textContent };
    }, ids[0]!);
    expect(geo.x).toBeGreaterThanOrEqual(geo.span.left - 1);
    expect(geo.x).toBeLessThanOrEqual(geo.span.right + 1);
    expect(Math.abs(geo.y - geo.span.top)).toBeLessThan(6);
    expect(links.find((l) => l.id === ids[0])!.type).toBe(geo.text);
    await shot('arcs-1440x900');
    await page.setViewportSize({ width: 1024, height: 700 });
    await frames();
    await shot('arcs-1024x700');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Remembered across a reload; the button turns them off again.
    await page.reload();
    await page.waitForSelector('svg.arcs g.arc');
    await page.click('button.arcs-toggle');
    await page.waitForSelector('svg.arcs', { state: 'detached' });
    expect(await page.evaluate(() => localStorage.getItem('sourcemark.layout'))).toContain('"arcs":false');
    await page.click('button.arcs-toggle');
    await page.waitForSelector('svg.arcs g.arc');
  });

  it('follow the annotations: a deleted span takes its arcs with it, and the selected span’s arcs stand out', async () => {
    await page.focus('.ProseMirror');
    await page.keyboard.press('Tab');
    const selected = await page.getAttribute('.annotation-details', 'data-selected-span');
    const links = await page.evaluate(() => (window as unknown as { __workbench: { get(): { doc: { links: { id: string; from: string; to: string }[] } } } }).__workbench.get().doc.links);
    const touching = links.filter((l) => l.from === selected || l.to === selected).map((l) => l.id);
    expect(touching.length).toBeGreaterThan(0);
    await frames();
    const related = await page.evaluate(() => [...document.querySelectorAll('svg.arcs g.arc-related')].map((g) => g.getAttribute('data-link-id')));
    expect(related.sort()).toEqual([...touching].sort());
    await page.keyboard.press('Delete');
    await frames();
    const after = await arcIds();
    expect(after.some((id) => touching.includes(id))).toBe(false);
    expect(after.length).toBeGreaterThan(0);
    await page.keyboard.press('Control+z');
    await waitSaved(page);
    await page.waitForFunction((n) => document.querySelectorAll('svg.arcs g.arc').length >= n, after.length + touching.length);
  });

  it('draws only the arcs near the visible part of a 114k-character article, in well under a frame per redraw', async () => {
    expect(long.article.text.length).toBeGreaterThan(100_000);
    await page.evaluate((id) => (location.hash = `#/articles/${id}`), long.article.id);
    await page.waitForSelector('.ProseMirror:not([aria-busy]) [data-span-id]');
    if ((await page.getAttribute('button.arcs-toggle', 'aria-pressed')) !== 'true') await page.click('button.arcs-toggle');
    await page.waitForSelector('svg.arcs g.arc');
    const scroll = await page.evaluate(async () => {
      const scroller = document.querySelector('.article-scroll')!;
      const svg = document.querySelector('svg.arcs')!;
      const times: number[] = [];
      const drawn: number[] = [];
      const ids = new Set<string>();
      for (let i = 1; i <= 20; i++) {
        scroller.scrollTop = (scroller.scrollHeight * i) / 21;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        times.push(Number(svg.getAttribute('data-ms')));
        drawn.push(Number(svg.getAttribute('data-drawn')));
        for (const g of svg.querySelectorAll('g.arc')) ids.add(g.getAttribute('data-link-id')!);
      }
      return { times, drawn, seen: ids.size };
    });
    const sorted = [...scroll.times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const worst = sorted[sorted.length - 1]!;
    console.log(`arcs on ${long.article.text.length} characters, ${long.links.length} links: redraw median ${median.toFixed(2)} ms, worst ${worst.toFixed(2)} ms; arcs drawn per screen ${Math.min(...scroll.drawn)}–${Math.max(...scroll.drawn)}`);
    expect(long.links.length).toBeGreaterThan(300);
    expect(Math.max(...scroll.drawn), 'only the arcs near the visible part').toBeLessThan(long.links.length / 4);
    expect(Math.min(...scroll.drawn)).toBeGreaterThan(0);
    expect(scroll.seen).toBeGreaterThan(Math.max(...scroll.drawn)); // different arcs as the text scrolls
    expect(median, "a redraw fits well inside a 16.7 ms frame").toBeLessThan(10);
    await shot('arcs-long-1440x900');
  });
});
