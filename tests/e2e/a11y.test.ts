/**
 * Accessibility in Chromium: axe-core (from node_modules, injected into the page; no network)
 * on each main state of the workbench, failing on any critical or serious violation and on
 * `heading-order` and `aria-allowed-role`; and the polite live region that tells a screen-reader
 * user what was selected, which link candidate is current, what was linked, and the save state.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createApi } from '../../app/api/handlers.js';
import { startServer } from '../../app/shells/server.js';
import { ProjectStore } from '../../app/store/project-store.js';
import { launchBrowser, openArticle, selectByFind, waitSaved } from '../helpers/browser.js';
import { repoRoot } from '../helpers/gold.js';
import { cleanTemp, fillableDisk, tempDir } from '../helpers/project.js';
import { sampleServer, type TestServer } from '../helpers/server.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOTS = process.env.SOURCEMARK_SHOTS; // e.g. /tmp/shots-a11y: screenshots of each state, for a person to look at
/** Rules that fail the test whatever axe's impact for them: the audit of issue 17 named them. */
const ALWAYS = new Set(['heading-order', 'aria-allowed-role']);

type Violation = { id: string; impact: string | null; nodes: { target: string[]; failureSummary?: string }[] };

async function audit(page: Page, state: string): Promise<string[]> {
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${state.replace(/\W+/g, '-')}.png`) });
  }
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  const all = violations.map((v) => `${state}: ${v.id} (${v.impact ?? 'none'}) on ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (all.length) console.log(all.join('\n'));
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious' || ALWAYS.has(v.id))
    .map((v) => `${v.id} (${v.impact ?? 'none'}): ${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('; ')}`);
}

/** Waits until the live region says something matching `pattern`, and returns what it said (the newest such). */
async function heard(page: Page, pattern: RegExp): Promise<string> {
  await page.waitForFunction((src) => [...document.querySelectorAll('[data-announcer] > *')].some((e) => new RegExp(src).test(e.textContent ?? '')), pattern.source);
  const said = await page.$$eval('[data-announcer] > *', (els) => els.map((e) => e.textContent ?? ''));
  return said.filter((t) => pattern.test(t)).at(-1)!;
}

/** Selects the first highlight with `label` by clicking it (the innermost one where spans nest). */
async function selectLabel(page: Page, label: string): Promise<void> {
  const id = await page.$eval(`.ProseMirror [data-label="${label}"]:not(:has([data-span-id]))`, (e) => e.getAttribute('data-span-id'));
  await page.click(`.ProseMirror [data-span-id="${id}"]:not(:has([data-span-id]))`);
  await page.waitForSelector(`.annotation-details[data-selected-span="${id}"]`);
  await page.focus('.ProseMirror');
}

describe('accessibility (axe-core in Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const disk = fillableDisk();

  beforeAll(async () => {
    server = await sampleServer({ fs: disk.fs });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true }) // axe is added as an inline script;
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => {
      throw e;
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await cleanTemp();
  });

  it('has no serious violation in the annotator prompt', async () => {
    await page.goto(server.url);
    await page.waitForSelector('form.modal input');
    await page.waitForSelector('.article-list li');
    const v1 = await audit(page, 'annotator prompt');
    await page.fill('form.modal input', 'Tester');
    await page.keyboard.press('Enter');
    await page.waitForSelector('form.modal', { state: 'detached' });
    expect({ v1 }).toEqual({ v1: [] });
  });

  it('has none with an article open, its text focused', async () => {
    await openArticle(page, 'Ukrainian soldiers have entered');
    await page.focus('.ProseMirror');
    const v1 = await audit(page, 'article open');
    // Focus on the article text is visible (it had `outline: none`).
    const outline = await page.$eval('.ProseMirror', (e) => {
      const s = getComputedStyle(e);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    expect(outline.color).not.toBe('rgba(0, 0, 0, 0)');
    expect({ v1 }).toEqual({ v1: [] });
  });

  it('exposes each highlight’s label and nesting to assistive technology', async () => {
    const info = await page.$$eval('.ProseMirror [data-span-id]', (els) => els.map((e) => ({
      // A highlight is a <mark>, whose implicit role is "mark" (HTML-AAM), rather than a span with role="mark".
      label: e.getAttribute('data-label'), role: e.getAttribute('role') ?? (e.tagName === 'MARK' ? 'mark' : null), desc: e.getAttribute('aria-roledescription'), described: e.getAttribute('aria-description'),
    })));
    expect(info.length).toBeGreaterThan(0);
    for (const h of info) {
      expect(h.role).toBe('mark');
      expect(h.desc).toBe(h.label);
      expect(h.described?.startsWith(h.label!)).toBe(true);
    }
    // The sample's claim "no military equipment was left behind" lies inside a quote.
    expect(await page.$eval('.ProseMirror [data-label="Claim"]:has-text("no military equipment")', (e) => e.getAttribute('aria-description'))).toBe('Claim, inside Quote');
    // A span added around others re-describes them; undo takes that back.
    const describe = (t: string) => page.$eval(`.ProseMirror [data-label="Speaker"]:has-text(${JSON.stringify(t)})`, (e) => e.getAttribute('aria-description'));
    expect(await describe('people')).toBe('Speaker');
    await selectByFind(page, 'people could be heard shouting');
    await page.keyboard.press('3');
    await page.waitForFunction(() => document.querySelector('.ProseMirror [data-label="Speaker"][aria-description="Speaker, inside Claim"]'));
    expect(await describe('people')).toBe('Speaker, inside Claim');
    expect(await page.$eval('.ProseMirror [data-label="Cue"]:has-text("shouting")', (e) => e.getAttribute('aria-description'))).toBe('Cue, inside Claim');
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => !document.querySelector('.ProseMirror [aria-description="Speaker, inside Claim"]'));
    expect(await describe('people')).toBe('Speaker');
    await waitSaved(page);
  });

  it('draws each highlight and badge in its label’s colour, nested ones deeper, and shows the description as a tooltip on hover', async () => {
    const schema = server.store.schema;
    const colour = Object.fromEntries(schema.labels.map((l) => [l.name, l.color]));
    const drawn = await page.$$eval('.ProseMirror [data-span-id]', (els) => els.map((e) => {
      const s = getComputedStyle(e);
      return { id: e.getAttribute('data-span-id')!, label: e.getAttribute('data-label')!, c: s.getPropertyValue('--c').trim(), d: Number(s.getPropertyValue('--d')), pad: parseFloat(s.paddingBottom), inline: e.getAttribute('style'), title: e.getAttribute('title'), outer: e.parentElement!.closest('[data-span-id]')?.getAttribute('data-span-id') ?? null, outerD: e.parentElement!.closest('[data-span-id]') ? Number(getComputedStyle(e.parentElement!.closest('[data-span-id]')!).getPropertyValue('--d')) : null };
    }));
    expect(drawn.length).toBeGreaterThan(10);
    for (const h of drawn) {
      expect(h.c, `${h.label} ${h.id}`).toBe(colour[h.label]);
      expect(h.pad).toBe(2 + 4 * h.d); // its underline at its own depth
      expect(h.inline).toBeNull(); // colour and depth from the stylesheet (editor/label-sheet.ts), not inline
      expect(h.title).toBeNull(); // the tooltip is the text element's title, set on hover
    }
    // A span inside another is drawn at another depth, so both underlines show.
    const nested = drawn.filter((h) => h.outer && h.outer !== h.id);
    expect(nested.length).toBeGreaterThan(0);
    for (const h of nested) expect(h.d, h.id).not.toBe(h.outerD);
    const badges = await page.$$eval('.ProseMirror .hl-badge', (els) => els.map((e) => ({ label: e.getAttribute('data-badge-label')!, c: getComputedStyle(e).getPropertyValue('--c').trim(), for: e.getAttribute('data-badge-for') })));
    expect(badges.length).toBe(new Set(drawn.map((h) => h.id)).size);
    for (const b of badges) expect(b.c, `badge of ${b.for}`).toBe(colour[b.label]);
    // Hovering the claim inside the quote: the tooltip is what a screen reader hears of it (the
    // title of the text's element, the nearest one with a title); leaving the text takes it away.
    const claim = '.ProseMirror [data-label="Claim"]:has-text("no military equipment")';
    // Its first line (the element wraps, and its box's centre can fall on the quote around it).
    // There the quote's element is inside the claim's (ProseMirror's order), and the tooltip is still the claim's.
    const at = await page.$eval(claim, (e) => { const r = e.getClientRects()[0]!; return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; });
    await page.mouse.move(at.x, at.y);
    expect(await page.getAttribute('.ProseMirror', 'title')).toBe('Claim, inside Quote');
    await page.hover('.ProseMirror [data-label="Speaker"]:has-text("people")');
    expect(await page.getAttribute('.ProseMirror', 'title')).toBe('Speaker');
    await page.mouse.move(5, 5);
    expect(await page.getAttribute('.ProseMirror', 'title')).toBeNull();
  });

  it('has none with an annotation selected, and announces the selection', async () => {
    await selectByFind(page, 'Yuri Sak');
    await page.keyboard.press('Tab');
    await page.waitForSelector('.annotation-details[data-selected-span]');
    const v1 = await audit(page, 'annotation selected');
    const label = await page.$eval('.annotation-details select[aria-label="Label"]', (e) => (e as HTMLSelectElement).value);
    const text = await page.textContent('.span-text');
    expect(await heard(page, / selected: /)).toMatch(new RegExp(`^${label} selected: “${text}”(, inside \\w+)*\\. \\d+ links?\\.$`));
    expect({ v1 }).toEqual({ v1: [] });
  });

  it('has none while choosing a link target, and announces each candidate and the link', async () => {
    await selectLabel(page, 'Quote');
    const quote = (await page.textContent('.span-text'))!;
    await page.keyboard.press('l');
    await page.waitForSelector('.hl-candidate-active');
    const v1 = await audit(page, 'link candidates');
    // A quote links to a speaker (said-by): every speaker of the article is a candidate.
    const candidates = await page.$$eval('.ProseMirror [data-label="Speaker"]', (els) => new Set(els.map((e) => e.getAttribute('data-span-id'))).size);
    const first = await page.$eval('.hl-candidate-active', (e) => e.textContent);
    expect(await heard(page, /^Link from Quote/)).toBe(`Link from Quote “${quote}”: candidate 1 of ${candidates}, Speaker “${first}”. Arrows move, Enter links, Escape cancels.`);
    await page.keyboard.press('ArrowRight');
    const active = await page.$eval('.hl-candidate-active', (e) => e.textContent);
    expect(await heard(page, /^Candidate 2 of/)).toBe(`Candidate 2 of ${candidates}: Speaker “${active}”.`);
    await page.keyboard.press('Enter');
    expect(await heard(page, /^Linked/)).toBe(`Linked: Quote “${quote}” said-by Speaker “${active}”.`);
    await waitSaved(page);
    expect({ v1 }).toEqual({ v1: [] });
  });

  it('has none in the source picker', async () => {
    await selectLabel(page, 'Speaker');
    await page.keyboard.press('s');
    await page.waitForSelector('input[aria-label="Search sources"]');
    const v1 = await audit(page, 'source picker');
    await page.keyboard.press('Escape');
    expect({ v1 }).toEqual({ v1: [] });
  });

  it('has none in the Sources tab', async () => {
    await page.click('[role=tab]:has-text("Sources")');
    await page.waitForSelector('.source-list');
    const v1 = await audit(page, 'sources tab');
    await page.click('[role=tab]:has-text("Guidelines")');
    const v2 = await audit(page, 'guidelines tab');
    await page.click('[role=tab]:has-text("Annotation")');
    expect({ v1, v2 }).toEqual({ v1: [], v2: [] });
  });

  it('has none in the Export dialog', async () => {
    await page.click('.topbar button:has-text("Export…")');
    await page.waitForSelector('[role=dialog][aria-label="Export"]');
    const v1 = await audit(page, 'export dialog');
    await page.click('[role=dialog][aria-label="Export"] button:has-text("Cancel")');
    expect({ v1 }).toEqual({ v1: [] });
  });

  it('has none in the Import summary', async () => {
    await page.setInputFiles('#import-files', [
      { name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from('Memo on budget\n\nThe treasurer said the budget was balanced.') },
      { name: 'broken.jsonl', mimeType: 'application/json', buffer: Buffer.from('{"text": oops}') },
    ]);
    await page.waitForSelector('[role=dialog][aria-label="Import finished"]');
    const v1 = await audit(page, 'import summary');
    await page.click('[role=dialog] button:has-text("Close")');
    expect({ v1 }).toEqual({ v1: [] });
  });

  it('has none in the Cleaning dialog', async () => {
    await openArticle(page, 'After visa snags');
    await page.click('.cleaning-banner button');
    await page.waitForSelector('[role=dialog][aria-label="Cleaning"] input[type=checkbox]');
    const v1 = await audit(page, 'cleaning dialog');
    await page.click('[role=dialog][aria-label="Cleaning"] button:has-text("Close")');
    expect({ v1 }).toEqual({ v1: [] });
  });

  it('has none with a failed save, and announces the failure and the save on retry', async () => {
    await openArticle(page, 'Ukrainian soldiers have entered');
    disk.full = true;
    await selectByFind(page, 'Videos shared on Ukrainian Telegram groups');
    await page.keyboard.press('3');
    await page.waitForSelector('[data-save-state="error"]');
    const v1 = await audit(page, 'save error');
    expect(await heard(page, /^Not saved/)).toMatch(/^Not saved: Could not save .*the disk is full/);
    disk.full = false;
    await page.click('[data-save-state] button');
    await waitSaved(page);
    expect(await heard(page, /^All changes saved\.$/)).toBe('All changes saved.');
    // One polite region carries it all: the save state and the notices are not live regions of their own.
    expect(await page.$$eval('[aria-live], [role=status], [role=log]', (els) => els.map((e) => `${e.getAttribute('aria-live') ?? e.getAttribute('role')} ${e.hasAttribute('data-announcer')}`)))
      .toEqual(['polite true']);
    expect({ v1 }).toEqual({ v1: [] });
  });

  it('has none with a project open read-only', async () => {
    const dir = path.join(tempDir('sourcemark-a11y-'), 'project');
    cpSync(path.join(repoRoot, 'sample'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'sources.json'), '{"type": "sourcemark-sources", "version": 1, "sources": "not a list"}');
    const store = await ProjectStore.open(dir);
    const ro = await startServer({ api: createApi(store, 'browser'), staticDir: path.join(repoRoot, 'dist/renderer') });
    const p = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true }) // axe is added as an inline script;
    p.setDefaultTimeout(8000);
    try {
      await p.goto(ro.url);
      await p.waitForSelector('form.modal input');
      await p.fill('form.modal input', 'Tester');
      await p.keyboard.press('Enter');
      await p.waitForSelector('[data-read-only]');
      // Articles naming a source the broken sources.json no longer has are listed as damaged: open a good one.
      const good = store.listArticles().items.find((a) => !a.damaged);
      expect(good).toBeDefined();
      await p.evaluate((id) => (location.hash = `#/articles/${id}`), good!.id);
      await p.waitForSelector('.ProseMirror');
      expect(await audit(p, 'read-only project')).toEqual([]);
    } finally {
      await p.close();
      await ro.close();
      await store.close();
    }
  });
});
