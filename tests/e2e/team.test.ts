/**
 * A team desk in Chromium (issue 19): the sign-in form (a wrong password is said, a right one
 * opens the workbench with the signed-in name, no name prompt), an annotator sees only their own
 * layer while a curator on another page sees every layer and watches the annotator's new span
 * arrive (in its state and status line), the answer to her edit leaving out the article her page
 * holds, and a manager's Users dialog adds an account and shows its password once. Set
 * SHOTS_DIR to save screenshots of each state.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createApi } from '../../app/api/handlers.js';
import { startServer, type RunningServer } from '../../app/shells/server.js';
import { TeamGate } from '../../app/shells/team-gate.js';
import { ProjectStore } from '../../app/store/project-store.js';
import { Accounts } from '../../app/team/accounts.js';
import { launchBrowser, selectByFind, shotIfAsked, spanCount, waitSaved } from '../helpers/browser.js';
import { repoRoot } from '../helpers/gold.js';
import { cleanTemp, tempDir } from '../helpers/project.js';

const KHERSON = 'Ukrainian units have begun entering'; // 45 spans of the layer "gold"
const KHERSON_ID = 'a-hy38d2hbcp8k';

/** How many spans the page's state holds for the open article (every layer it was sent). */
const stateSpans = (page: Page): Promise<number | undefined> =>
  page.evaluate(() => (window as unknown as { __workbench: { get: () => { doc: { spans: unknown[] } | null } } }).__workbench.get().doc?.spans.length);

/** Opens an article by its address (the list's search may be covered by other panels while typing). */
async function openById(page: Page, id: string): Promise<void> {
  await page.evaluate((x) => void (location.hash = `#/articles/${x}`), id);
  await page.waitForFunction((t) => document.querySelector('.article-title')?.textContent?.includes(t), KHERSON);
  await page.waitForSelector('.ProseMirror');
}
let server: RunningServer;
let store: ProjectStore;
let browser: Browser;
const pw: Record<string, string> = {};

beforeAll(async () => {
  const dir = path.join(tempDir('sourcemark-team-e2e-'), 'project');
  cpSync(path.join(repoRoot, 'sample'), dir, { recursive: true });
  const accounts = Accounts.open(dir);
  for (const [name, role] of [['alice', 'annotator'], ['carol', 'curator'], ['max', 'manager']] as const) pw[name] = await accounts.add(name, role);
  store = await ProjectStore.open(dir);
  const api = createApi(store, 'browser');
  server = await startServer({ api, staticDir: path.join(repoRoot, 'dist/renderer'), team: new TeamGate(api, { accounts }) });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  await cleanTemp();
});

async function signIn(name: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.setDefaultTimeout(8000);
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(server.origin);
  await page.waitForSelector('form.login-form');
  await page.fill('input[name="username"]', name);
  await page.fill('input[name="password"]', password);
  await page.keyboard.press('Enter');
  return page;
}

/** Waits for the workbench and dismisses the opening notice (files migrated), which covers the top bar. */
async function ready(page: Page): Promise<void> {
  await page.waitForSelector('.article-list li');
  const dismiss = await page.$('.notice button[aria-label="Dismiss"]');
  await dismiss?.click();
}

describe('team desk in the browser', () => {
  it('signs in, keeps layers blind for an annotator, and shows a curator the annotations as they arrive', async () => {
    const wrong = await signIn('alice', 'not-her-password');
    await wrong.waitForSelector('.login-form [role="alert"]');
    expect(await wrong.textContent('.login-form [role="alert"]')).toMatch(/do not match an account/);
    await shotIfAsked(wrong, 'team-login-refused');
    await wrong.context().close();

    const alice = await signIn('alice', pw.alice!);
    await ready(alice);
    expect(await alice.$('text=Who is annotating?')).toBeNull();
    expect(await alice.textContent('.team-who')).toContain('alice · annotator');
    const carol = await signIn('carol', pw.carol!);
    await ready(carol);

    await openById(carol, KHERSON_ID);
    await openById(alice, KHERSON_ID);
    // The pages' state: the curator's holds every layer, the annotator's none but her own (the
    // server never sent the layer "gold"), and her view shows none.
    expect(await stateSpans(carol)).toBe(45);
    expect(await stateSpans(alice)).toBe(0);
    expect(await spanCount(alice)).toBe(0);
    await shotIfAsked(alice, 'team-annotator-blind');

    await selectByFind(alice, 'important victory');
    // The page holds the article: the edit names its version, and the answer leaves the article out.
    const answered = alice.waitForResponse((r) => r.url().endsWith('/api/apply'));
    await alice.keyboard.press('2');
    const answer = (await (await answered).json()) as { result: { docs: { article?: unknown; spans: unknown[] }[] }; articles: Record<string, string> };
    expect(answer.result.docs[0]!.article).toBeUndefined();
    expect(answer.result.docs[0]!.spans).toHaveLength(1);
    expect(Object.keys(answer.articles)).toEqual([KHERSON_ID]);
    await waitSaved(alice);
    expect(await spanCount(alice)).toBe(1);
    // The page put its copy back: the title, the text and the list row are as they were.
    expect(await alice.textContent('.article-title')).toContain(KHERSON);
    expect(await alice.textContent('.ProseMirror')).toContain('important victory');
    await shotIfAsked(alice, 'team-annotator-edit-saved');
    await carol.waitForFunction(() => (window as unknown as { __workbench: { get: () => { doc: { spans: unknown[] } | null } } }).__workbench.get().doc?.spans.length === 46);
    await carol.waitForSelector('text=alice changed this article');
    await shotIfAsked(carol, 'team-curator-sees-arrival');
    const made = (await store.getArticle((await alice.getAttribute('.article-host', 'data-article-id'))!)).spans.filter((s) => s.annotator === 'alice');
    expect(made.map((s) => s.fragments[0]!.text)).toEqual(['important victory']);
    await alice.context().close();
    await carol.context().close();
  });

  it("gives a manager the Users dialog: an account added, its password shown once", async () => {
    const max = await signIn('max', pw.max!);
    await ready(max);
    await max.click('button:has-text("Users…")');
    await max.waitForSelector('.users-dialog tbody tr');
    await max.fill('.users-add input', 'dora');
    await max.click('.users-add button[type="submit"]');
    await max.waitForSelector('[data-users-said]:has-text("Added dora")');
    await max.waitForSelector('.users-table th:has-text("dora")');
    await shotIfAsked(max, 'team-users-dialog');
    const said = (await max.textContent('[data-users-said]'))!;
    const password = /: (\S+)$/.exec(said)![1]!;
    expect(await new Accounts_(store.dir).verify('dora', password)).toBe(true);
    await max.keyboard.press('Escape'); // focus is back in the name field: Escape closes
    await max.waitForSelector('.users-dialog', { state: 'detached' });
    await max.click('button:has-text("Sign out")');
    await max.waitForSelector('form.login-form');
    await max.context().close();
  });
});

/** A check of a password against the project's users.json, as the desk does it. */
class Accounts_ {
  constructor(private readonly dir: string) {}
  async verify(name: string, password: string): Promise<boolean> {
    return (await Accounts.open(this.dir).verify(name, password)) !== undefined;
  }
}
