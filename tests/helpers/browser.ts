/**
 * Debian's Chromium driven by playwright-core, the way users' Electron 45 renders (Chromium 156).
 * The page helpers drive the UI through its documented contract: `.ProseMirror`, and
 * `data-span-id` / `data-label` on every highlight.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from './gold.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" (.ci/run does).`);
  if (!existsSync(path.join(repoRoot, 'dist/renderer/index.html'))) throw new Error('The renderer is not built: run "npm run build" (npm test does).');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', ...extraArgs],
  });
}

/** Opens the app, answers the annotator prompt (until it is gone), and waits for the article list. */
export async function openApp(page: Page, url: string, annotator = 'Tester'): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('form.modal input');
  await page.fill('form.modal input', annotator);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[role=dialog][aria-label="Your name"]', { state: 'detached' });
  await page.waitForSelector('.article-list li');
}

/** Opens an article by searching its title, then waits for its text. */
export async function openArticle(page: Page, title: string): Promise<string> {
  await page.fill('input[aria-label="Search articles"]', title);
  await page.waitForFunction((t) => [...document.querySelectorAll('.article-list li .title')].some((e) => e.textContent?.includes(t)), title);
  await page.click(`.article-list li:has-text(${JSON.stringify(title)}) a`);
  await page.waitForFunction((t) => document.querySelector('.article-title')?.textContent?.includes(t), title);
  await page.waitForSelector('.ProseMirror');
  return (await page.getAttribute('.article-host', 'data-article-id'))!;
}

/** Keyboard only: finds `text` (Ctrl+F), selects the current result (Ctrl+Enter). */
export async function selectByFind(page: Page, text: string, nth = 0): Promise<void> {
  await page.keyboard.press('Control+f');
  await page.waitForSelector('input[aria-label="Find in article"]');
  await page.keyboard.press('Control+a');
  await page.keyboard.type(text);
  for (let i = 0; i < nth; i++) await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('.find-bar', { state: 'detached' });
}

export const spanCount = (page: Page, label?: string): Promise<number> =>
  page.evaluate((l) => new Set([...document.querySelectorAll(l ? `.ProseMirror [data-label="${l}"]` : '.ProseMirror [data-span-id]')].map((e) => e.getAttribute('data-span-id'))).size, label);

/**
 * The page's body text once it matches `re` (or as it is after 10 s): a page writes its message
 * once its script has run, so reading at once after `goto` may find an empty body (CI has).
 */
export async function bodyTextMatching(page: Page, re: RegExp): Promise<string | null> {
  await page.waitForFunction((source) => new RegExp(source).test(document.body.textContent ?? ''), re.source, { timeout: 10_000 }).catch(() => undefined);
  return page.textContent('body');
}

export const selectedSpan = (page: Page): Promise<string | null> => page.getAttribute('.annotation-details', 'data-selected-span').catch(() => null);

export const saveState = (page: Page): Promise<string | null> => page.getAttribute('[data-save-state]', 'data-save-state');

/** Waits until every change is on disk ("Saved"). */
export const waitSaved = (page: Page): Promise<unknown> => page.waitForSelector('[data-save-state="saved"]');

/** Saves a screenshot of `page` as `<name>.png` in $SHOTS_DIR when that is set (for looking at each state); else nothing. */
export async function shotIfAsked(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
