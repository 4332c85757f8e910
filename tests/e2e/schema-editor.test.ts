/**
 * The schema editor in Chromium against the real server on a copy of the sample: Alt+S (and the
 * Labels… button) opens it; a new label with a key is saved (a key the app keeps is refused
 * first) and its key labels text at once; removing a used label, or renaming it, is refused
 * with how many spans use it and where, and nothing is dropped; Undo in the editor (button and
 * Ctrl+Z) takes a schema change back, and an undo that would orphan a span is refused too.
 * Set SHOTS_DIR to keep screenshots of each state at 1440×900 and 1024×700.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openArticle, selectByFind, waitSaved } from '../helpers/browser.js';
import { workbenchSession, type TestServer } from '../helpers/server.js';

let server: TestServer;
let page: Page;
let close: () => Promise<void>;
const SHOTS = process.env.SHOTS_DIR;

beforeAll(async () => {
  ({ server, page, close } = await workbenchSession());
}, 60_000);
afterAll(async () => close?.());

/** Screenshots of the current state at both sizes (only with SHOTS_DIR). */
async function shoot(name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

const dialog = '[role="dialog"][aria-label="Labels and links"]';

const alertText = () => page.textContent(`${dialog} [role="alert"]`);
const labelNames = async () => server.store.info.schema.labels.map((l) => l.name);

describe('schema editor (Chromium)', () => {
  let articleId = '';

  it('adds a label with a key from the keyboard (a key the app keeps is refused first), and its key labels text', async () => {
    articleId = await openArticle(page, 'Ukrainian soldiers have entered');
    await page.focus('.ProseMirror');
    await page.keyboard.press('Alt+KeyS');
    await page.waitForSelector(dialog);
    await shoot('schema-editor-open');
    await page.click(`${dialog} button:has-text("Add label")`);
    const name = page.locator(`${dialog} .schema-label:last-of-type input[aria-label^="Name of label"]`);
    await name.fill('Rumour');
    await page.keyboard.press('Enter'); // commits the rename
    await page.fill(`${dialog} input[aria-label="Key of Rumour"]`, 'l');
    await page.click(`${dialog} button:has-text("Save")`);
    await page.waitForSelector(`${dialog} [role="alert"]`);
    expect(await alertText()).toMatch(/Key l of Rumour is taken by “link the selected annotation/);
    expect(await labelNames()).not.toContain('Rumour');
    await shoot('schema-editor-key-refused');
    await page.fill(`${dialog} input[aria-label="Key of Rumour"]`, '5');
    await page.focus(`${dialog} button:has-text("Save")`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((d) => document.querySelector(`${d} [role="status"]`)?.textContent?.startsWith('Saved'), dialog);
    expect(server.store.info.schema.labels.at(-1)).toMatchObject({ name: 'Rumour', key: '5' });
    await page.keyboard.press('Escape');
    await page.waitForSelector(dialog, { state: 'detached' });

    await selectByFind(page, 'Yuri Sak');
    await page.keyboard.press('5');
    await page.waitForSelector('.ProseMirror [data-label="Rumour"]');
    // Drawn in the new label's colour (the labels changed, so the view's colour rules did: editor/label-sheet.ts).
    const rumour = server.store.info.schema.labels.at(-1)!.color;
    expect(await page.$eval('.ProseMirror [data-label="Rumour"]', (e) => getComputedStyle(e).getPropertyValue('--c').trim())).toBe(rumour);
    expect(await page.$eval('.ProseMirror [data-badge-label="Rumour"]', (e) => getComputedStyle(e).getPropertyValue('--c').trim())).toBe(rumour);
    await waitSaved(page);
    await shoot('schema-new-label-in-text');
    await server.store.flush();
    expect((await server.store.getArticle(articleId)).spans.some((s) => s.label === 'Rumour' && s.fragments[0]!.text === 'Yuri Sak')).toBe(true);
  });

  it('refuses removing a used label with the count of spans and where, and drops nothing', async () => {
    const stats = server.store.stats();
    const quotes = stats.spans.Quote!;
    expect(quotes).toBeGreaterThan(1);
    await page.click('button:has-text("Labels…")');
    await page.waitForSelector(dialog);
    await page.waitForFunction((d) => !document.querySelector(`${d} .schema-usage`)?.textContent?.includes('…'), dialog);
    await page.click(`${dialog} button[aria-label="Remove label Quote"]`);
    await page.waitForSelector(`${dialog} [role="alert"]`);
    expect(await alertText()).toMatch(new RegExp(`Label Quote is used by ${quotes} spans in \\d+ articles? \\(".+"\\); it cannot be removed while they do`));
    expect(await page.locator(`${dialog} input[aria-label="Name of label Quote"]`).count()).toBe(1);
    await shoot('schema-editor-remove-refused');
    // Renaming a used label is refused at Save, naming the spans: they would keep the old name.
    await page.fill(`${dialog} input[aria-label="Name of label Quote"]`, 'Statement');
    await page.keyboard.press('Enter');
    await page.click(`${dialog} button:has-text("Save")`);
    await page.waitForFunction((d) => document.querySelector(`${d} [role="alert"]`)?.textContent?.includes('cannot be renamed'), dialog);
    expect(await alertText()).toContain(`Label Quote cannot be renamed to Statement: ${quotes} spans in`);
    expect(await labelNames()).toContain('Quote');
    expect(server.store.stats().spans.Quote).toBe(quotes);
    await page.click(`${dialog} button:has-text("Discard and close")`);
    await page.waitForSelector(dialog, { state: 'detached' });
  });

  it('undoes a schema change from the editor (button and Ctrl+Z); an undo that would orphan a span is refused', async () => {
    await page.keyboard.press('Alt+KeyS');
    await page.waitForSelector(dialog);
    await page.click(`${dialog} button:has-text("Add label")`);
    await page.locator(`${dialog} .schema-label:last-of-type input[aria-label^="Name of label"]`).fill('Hoax');
    await page.keyboard.press('Enter');
    await page.click(`${dialog} button:has-text("Save")`);
    await page.waitForFunction((d) => document.querySelector(`${d} [role="status"]`)?.textContent?.startsWith('Saved'), dialog);
    expect(await labelNames()).toContain('Hoax');
    await page.focus(`${dialog} button:has-text("Close")`);
    await page.keyboard.press('Control+z');
    await page.waitForFunction((d) => document.querySelector(`${d} [role="status"]`)?.textContent?.includes('undone'), dialog);
    expect(await labelNames()).not.toContain('Hoax');
    expect(await page.locator(`${dialog} input[aria-label="Name of label Hoax"]`).count()).toBe(0);
    // The change before it added Rumour, which a span now uses: taking it back is refused.
    await page.click(`${dialog} button:has-text("Undo")`);
    await page.waitForFunction((d) => document.querySelector(`${d} [role="alert"]`)?.textContent?.includes('can no longer be undone'), dialog);
    expect(await alertText()).toMatch(/Label Rumour is used by 1 span/);
    expect(await labelNames()).toContain('Rumour');
    await shoot('schema-editor-undo-refused');
    await page.keyboard.press('Escape');
    expect((await server.store.getArticle(articleId)).spans.filter((s) => s.label === 'Rumour')).toHaveLength(1);
  });
});
