/**
 * The workbench in Chromium against the real browser-mode server on a copy of the sample
 * project: a seed article annotated from the keyboard alone to match part of the gold, found
 * again after a reload; undo and redo; nested spans selectable; a quote in two fragments; a
 * failed save shown in the status line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { spanText } from '../../annotations/index.js';
import { bodyTextMatching, openArticle, saveState, selectByFind, selectedSpan, spanCount, waitSaved } from '../helpers/browser.js';
import { workbenchSession, type TestServer } from '../helpers/server.js';
import { fillableDisk } from '../helpers/project.js';

let browser: Browser;
let server: TestServer;
let page: Page;
const disk = fillableDisk();

let close: () => Promise<void>;

beforeAll(async () => {
  ({ server, browser, page, close } = await workbenchSession({ fs: disk.fs }));
}, 60_000);

afterAll(async () => close?.());

const SEED_002 = 'Ukrainian soldiers have entered';

async function savedDoc(articleId: string) {
  await server.store.flush();
  return server.store.getArticle(articleId);
}

describe('workbench (Chromium)', () => {
  let articleId = '';

  it('annotates a seed article from the keyboard alone, as the gold has it', async () => {
    articleId = await openArticle(page, SEED_002);
    // Remove the gold annotations of this seed first (the sample ships them): select all with Tab + Delete.
    const initial = (await server.store.getArticle(articleId)).spans.length;
    await page.focus('.ProseMirror');
    for (let i = 0; i < initial; i++) {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Delete');
    }
    await waitSaved(page);
    expect((await savedDoc(articleId)).spans).toHaveLength(0);

    // Speaker "Yuri Sak", a new source.
    await selectByFind(page, 'Yuri Sak');
    await page.keyboard.press('1');
    await page.waitForSelector('input[aria-label="Search sources"]');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Yuri Sak');
    await page.keyboard.press('ArrowDown'); // "Create “Yuri Sak”" is the only option
    await page.keyboard.press('Enter');
    await page.waitForSelector('input[aria-label="Search sources"]', { state: 'detached' });

    // Cue "called", then the direct quote, typed D, linked to the nearest speaker before (K).
    await selectByFind(page, 'called');
    await page.keyboard.press('4');
    await selectByFind(page, '“important moment for our morale and our fight for our country”');
    await page.keyboard.press('2');
    await page.keyboard.press('d');
    await page.keyboard.press('k');
    // The cue links to its quote: select the cue (Shift+Tab goes back), L, Enter on the first candidate.
    await page.keyboard.press('Shift+Tab');
    expect(await page.textContent('.span-text')).toBe('called');
    await page.keyboard.press('l');
    await page.waitForSelector('.hl-candidate-active');
    await page.keyboard.press('Enter');

    // "he": a second mention of the same source, chosen by typing its name.
    await selectByFind(page, 'he said the counteroffensive');
    for (let i = 0; i < 'said the counteroffensive'.length + 1; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('1');
    await page.waitForSelector('input[aria-label="Search sources"]');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Yuri');
    await page.keyboard.press('Enter');
    await page.waitForSelector('input[aria-label="Search sources"]', { state: 'detached' });

    // The last direct quote, a claim nested inside it, both linked to "he".
    await selectByFind(page, '“This is far from over, there are still tens of thousands of Russians in the southern regions.”');
    await page.keyboard.press('2');
    await page.keyboard.press('d');
    await page.keyboard.press('k');
    await selectByFind(page, 'there are still tens of thousands of Russians in the southern regions');
    await page.keyboard.press('3');
    await page.keyboard.press('k');
    await waitSaved(page);

    const doc = await savedDoc(articleId);
    const byText = (t: string) => doc.spans.find((s) => spanText(s) === t)!;
    expect(doc.spans.map((s) => `${s.label}:${spanText(s)}`)).toEqual([
      'Speaker:Yuri Sak', 'Cue:called', 'Quote:“important moment for our morale and our fight for our country”', 'Speaker:he',
      'Quote:“This is far from over, there are still tens of thousands of Russians in the southern regions.”',
      'Claim:there are still tens of thousands of Russians in the southern regions',
    ]);
    const yuri = byText('Yuri Sak');
    const he = byText('he');
    expect(yuri.sourceId).toBeDefined();
    expect(he.sourceId).toBe(yuri.sourceId); // one source, two mentions
    const source = server.store.sources.find((s) => s.id === yuri.sourceId)!;
    expect(source.name).toBe('Yuri Sak');
    expect(source.aliases).toContain('he');
    expect(byText('“important moment for our morale and our fight for our country”').attributes).toEqual({ QuoteType: 'Direct' });
    const link = (type: string, from: string, to: string) => doc.links.some((l) => l.type === type && l.from === byText(from).id && l.to === byText(to).id);
    expect(link('said-by', '“important moment for our morale and our fight for our country”', 'Yuri Sak')).toBe(true);
    expect(link('cue-of', 'called', '“important moment for our morale and our fight for our country”')).toBe(true);
    expect(link('said-by', '“This is far from over, there are still tens of thousands of Russians in the southern regions.”', 'he')).toBe(true);
    expect(link('claimed-by', 'there are still tens of thousands of Russians in the southern regions', 'he')).toBe(true);
    expect(doc.spans.every((s) => s.annotator === 'Tester')).toBe(true);
  });

  it('finds every annotation again after a reload', async () => {
    await page.reload();
    await page.waitForSelector('.ProseMirror [data-span-id]');
    expect(await spanCount(page)).toBe(6);
    expect(await spanCount(page, 'Speaker')).toBe(2);
    expect(await spanCount(page, 'Quote')).toBe(2);
    expect(await spanCount(page, 'Claim')).toBe(1);
    expect(await spanCount(page, 'Cue')).toBe(1);
    expect(await page.getAttribute('.article-host', 'data-article-id')).toBe(articleId);
    expect(page.url()).toContain(`#/articles/${articleId}`);
  });

  it('selects nested spans: the inner one first, the enclosing one on a second click', async () => {
    const claim = await page.$('.ProseMirror [data-label="Claim"]');
    await claim!.click();
    const first = await selectedSpan(page);
    await claim!.click();
    const second = await selectedSpan(page);
    const doc = await savedDoc(articleId);
    expect(doc.spans.find((s) => s.id === first)!.label).toBe('Claim');
    expect(doc.spans.find((s) => s.id === second)!.label).toBe('Quote');
    // Both stay visible: the claim's element sits inside the quote's.
    expect(await page.$(`[data-span-id="${second}"] [data-span-id="${first}"]`)).not.toBeNull();
  });

  it('makes a quote of two fragments, and undoes and redoes it', async () => {
    await page.focus('.ProseMirror');
    await selectByFind(page, 'the counteroffensive in the south had been “well planned”');
    await page.keyboard.press('2');
    await selectByFind(page, 'based on “careful reconnaissance and intelligence”');
    await page.keyboard.press('f');
    await waitSaved(page);
    let doc = await savedDoc(articleId);
    const quote = doc.spans.find((s) => s.fragments.length === 2)!;
    expect(quote.fragments.map((f) => f.text)).toEqual(['the counteroffensive in the south had been “well planned”', 'based on “careful reconnaissance and intelligence”']);
    expect(await page.$$eval(`[data-span-id="${quote.id}"]`, (els) => els.map((e) => e.textContent).join('|'))).toContain('well planned');

    // Undo and redo go to the server in order; poll what is on disk and on screen.
    const fragmentsOnDisk = async () => (await savedDoc(articleId)).spans.find((s) => s.id === quote.id)?.fragments.length ?? 0;
    const onScreen = () => page.$$eval(`[data-span-id="${quote.id}"]`, (els) => els.length);
    await page.keyboard.press('Control+z');
    await expect.poll(fragmentsOnDisk).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(fragmentsOnDisk).toBe(0);
    await expect.poll(onScreen).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(fragmentsOnDisk).toBe(2);
    await expect.poll(onScreen).toBeGreaterThan(1);
    doc = await savedDoc(articleId);
  });

  it('snaps a selection to whole words, and not when the setting is off; records who changed a span', async () => {
    await page.focus('.ProseMirror');
    await selectByFind(page, 'ldiers have ente');
    await page.keyboard.press('4');
    await waitSaved(page);
    let doc = await savedDoc(articleId);
    expect(doc.spans.map(spanText)).toContain('soldiers have entered');
    await page.keyboard.press('3'); // relabel the new (selected) span
    await waitSaved(page);
    doc = await savedDoc(articleId);
    expect(doc.spans.find((s) => spanText(s) === 'soldiers have entered')).toMatchObject({ label: 'Claim', annotator: 'Tester', updatedBy: 'Tester' });

    await page.click('button[role=tab]:has-text("Guidelines")');
    await page.uncheck('text=Snap selections to whole words');
    await expect.poll(() => server.store.info.settings.snapToWords).toBe(false);
    await page.focus('.ProseMirror');
    await selectByFind(page, 'rategic sout');
    await page.keyboard.press('4');
    await waitSaved(page);
    expect((await savedDoc(articleId)).spans.map(spanText)).toContain('rategic sout');
    await page.click('button[role=tab]:has-text("Guidelines")');
    await page.check('text=Snap selections to whole words');
    await expect.poll(() => server.store.info.settings.snapToWords).toBe(true);
  });

  it('changes another article’s status from the list', async () => {
    await page.fill('input[aria-label="Search articles"]', 'Mecca');
    const select = page.locator('.article-list li:has-text("Mecca") select');
    await select.selectOption('in-progress');
    await expect.poll(() => server.store.listArticles({ search: 'Mecca' }).items[0]!.status).toBe('in-progress');
    await page.fill('input[aria-label="Search articles"]', '');
  });

  it('imports files from the Import button, a brat pair together, with a summary', async () => {
    await page.setInputFiles('#import-files', [
      { name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from('Memo on budget\n\nThe treasurer said the budget was balanced.') },
      { name: 'pair.txt', mimeType: 'text/plain', buffer: Buffer.from('Ana said it works.') },
      { name: 'pair.ann', mimeType: 'text/plain', buffer: Buffer.from('T1\tSpeaker 0 3\tAna\nT2\tCue 4 8\tsaid\n') },
      { name: 'broken.jsonl', mimeType: 'application/json', buffer: Buffer.from('{"text": oops}') },
    ]);
    await page.waitForSelector('[role=dialog][aria-label="Import finished"]');
    expect(await page.textContent('.import-summary')).toBe('Imported 2 articles, skipped 0 duplicates, 1 failed.');
    expect(await page.textContent('.import-details')).toMatch(/broken\.jsonl, line 1: malformed JSON/);
    await page.click('[role=dialog] button:has-text("Close")');
    await page.fill('input[aria-label="Search articles"]', 'Memo on budget');
    await page.waitForSelector('.article-list li:has-text("Memo on budget")');
    const pair = server.store.listArticles({ search: 'Ana said' }).items[0]!;
    expect(pair.counts).toEqual({ Speaker: 1, Cue: 1 });
    await page.fill('input[aria-label="Search articles"]', '');
  });

  it('exports a dataset from the Export dialog into the project’s exports folder', async () => {
    await page.click('.topbar button:has-text("Export…")');
    await page.selectOption('select[aria-label="Export format"]', 'csv');
    await page.click('[role=dialog][aria-label="Export"] button[type=submit]');
    await page.waitForSelector('.export-result');
    const file = (await page.textContent('.export-result pre'))!.trim();
    expect(file.startsWith(`${server.dir}/exports/csv-`) && file.endsWith('.csv')).toBe(true);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file, 'utf8').startsWith('\ufeffarticle_id,article_title')).toBe(true);
    await page.click('[role=dialog][aria-label="Export"] button:has-text("Close")');

    // Filtered: the open article only, its quotes only, in Sourcemark's JSONL.
    const open = await page.getAttribute('.article-host', 'data-article-id');
    const quotes = (await savedDoc(open!)).spans.filter((s) => s.label === 'Quote').length;
    await page.click('.topbar button:has-text("Export…")');
    const dialog = '[role=dialog][aria-label="Export"]';
    await page.selectOption('select[aria-label="Export format"]', 'jsonl');
    await page.click(`${dialog} label:has-text("Only “") input`);
    await page.click(`${dialog} fieldset:has-text("Labels") label:has-text("Quote") input`);
    await page.click(`${dialog} button[type=submit]`);
    await page.waitForSelector('.export-result');
    expect(await page.textContent('.export-result')).toContain(`Exported 1 articles (${quotes} spans`);
    const lines = readFileSync((await page.textContent('.export-result pre'))!.trim(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; spans: { label: string }[] });
    expect(lines.map((l) => l.id)).toEqual([open]);
    expect(new Set(lines[0]!.spans.map((x) => x.label))).toEqual(new Set(['Quote']));
    await page.click(`${dialog} button:has-text("Close")`);
  });

  it('shows what cleaning removed before annotation starts, keeps a block on request, and undoes that', async () => {
    const id = await openArticle(page, 'After visa snags');
    expect(await page.textContent('.cleaning-banner')).toMatch(/Removed on import: dateline, photo caption/);
    expect((await page.textContent('.ProseMirror'))!.startsWith('A group of Afghan teenagers')).toBe(true);
    await page.click('.cleaning-banner button');
    const dialog = '[role=dialog][aria-label="Cleaning"]';
    await page.waitForSelector(`${dialog} input[type=checkbox]`);
    expect(await page.$$eval(`${dialog} input[type=checkbox]`, (xs) => xs.map((x) => (x as HTMLInputElement).checked))).toEqual([true, true]);
    expect(await page.textContent(`${dialog} li:first-child`)).toMatch(/dateline.*Friday, July 21, 2017/i);
    await page.click(`${dialog} li:first-child input`);
    await page.click(`${dialog} button:has-text("Apply")`);
    await page.waitForSelector(dialog, { state: 'detached' });
    await page.waitForFunction(() => document.querySelector('.ProseMirror')?.textContent?.startsWith('Friday, July 21, 2017'));
    // The new text, made while the dialog was open, has the keyboard once the dialog is gone.
    await page.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror'), undefined, { timeout: 2000 });
    await waitSaved(page);
    expect((await savedDoc(id)).article.text.startsWith('Friday, July 21, 2017')).toBe(true);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelector('.ProseMirror')?.textContent?.startsWith('A group of Afghan teenagers'));
    await waitSaved(page);
    expect((await savedDoc(id)).article.text.startsWith('A group of Afghan teenagers')).toBe(true);
    // Annotated articles show the blocks but do not change any more.
    await openArticle(page, SEED_002);
    expect(await page.$('.cleaning-banner')).toBeNull();
    await page.click('button.cleaning-button');
    await page.waitForSelector(`${dialog} .warning`);
    expect(await page.textContent(`${dialog} .warning`)).toMatch(/Annotation has started/);
    expect(await page.$$eval(`${dialog} input[type=checkbox]`, (xs) => xs.every((x) => (x as HTMLInputElement).disabled))).toBe(true);
    await page.click(`${dialog} button:has-text("Close")`);
  });

  it('refuses a browser without the token, and a link with a wrong one', async () => {
    const stranger = await browser.newPage();
    const bodyText = (re: RegExp) => bodyTextMatching(stranger, re);
    await stranger.goto(server.origin + '/');
    expect(await bodyText(/Open Sourcemark with the URL it printed/)).toMatch(/Open Sourcemark with the URL it printed/);
    await stranger.goto(`${server.origin}/?token=guessed`);
    expect(await bodyText(/old or wrong token/)).toMatch(/old or wrong token/);
    const status = await stranger.evaluate(async () => (await fetch('/api/listArticles', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status);
    expect(status).toBe(401);
    await stranger.close();
  });

  it('shows a failed save in the status line, keeps the change, and saves it on retry', async () => {
    const claims = (await savedDoc(articleId)).spans.filter((s) => s.label === 'Claim').length;
    disk.full = true;
    await page.focus('.ProseMirror');
    await selectByFind(page, 'Videos shared on Ukrainian Telegram groups');
    await page.keyboard.press('3');
    await page.waitForSelector('[data-save-state="error"]');
    expect(await page.textContent('[data-save-state]')).toMatch(/Not saved: Could not save .*: the disk is full/);
    expect(await spanCount(page, 'Claim')).toBe(claims + 1);
    disk.full = false;
    await page.click('[data-save-state] button');
    await waitSaved(page);
    expect((await savedDoc(articleId)).spans.filter((s) => s.label === 'Claim')).toHaveLength(claims + 1);
    expect(await saveState(page)).toBe('saved');
  });
});
