/**
 * The layout commands: side columns hidden and shown (Alt+Shift+A / Alt+Shift+P) and the arcs
 * view (Alt+R), remembered in the page's storage, with unreadable storage giving the defaults;
 * and the article-details commands (Alt+M, the patch of what changed, one undoable operation) and
 * the status said truthfully.
 */
import { describe, expect, it } from 'vitest';
import { handleWindowKey } from '../../../renderer/commands/keymap.js';
import { DEFAULT_LAYOUT, LAYOUT_KEY, layoutOf, readLayout, toggleArcs, togglePanel } from '../../../renderer/commands/layout.js';
import { detailsForm, detailsPatch, editArticleDetails, saveArticleDetails, statusText } from '../../../renderer/commands/articles.js';
import { undo } from '../../../renderer/commands/history.js';
import { settle, setup } from '../fakes.js';

const press = (code: string, mods: { shiftKey?: boolean } = {}) => ({ key: code.slice(3).toLowerCase(), code, altKey: true, shiftKey: false, ctrlKey: false, metaKey: false, defaultPrevented: false, ...mods });

describe('layout', () => {
  it('hides and shows each side column and the arcs by key, and remembers them', async () => {
    const { wb, storage } = await setup();
    expect(layoutOf(wb).get()).toMatchObject(DEFAULT_LAYOUT);
    expect(handleWindowKey(wb, press('KeyA', { shiftKey: true }), false)).toBe(true);
    expect(layoutOf(wb).get().collapsed).toEqual({ articles: true, details: false });
    expect(handleWindowKey(wb, press('KeyP', { shiftKey: true }), false)).toBe(true);
    expect(handleWindowKey(wb, press('KeyR'), false)).toBe(true);
    expect(JSON.parse(storage.get(LAYOUT_KEY)!)).toEqual({ collapsed: { articles: true, details: true }, arcs: true });
    // Plain Alt+A / Alt+P stay the drawers' (App.tsx), not these.
    expect(handleWindowKey(wb, press('KeyA'), false)).toBe(false);
    togglePanel.perform(wb, 'articles');
    toggleArcs.perform(wb);
    expect(JSON.parse(storage.get(LAYOUT_KEY)!)).toEqual({ collapsed: { articles: false, details: true }, arcs: false });
    // A new page reads what was remembered.
    const again = await setup();
    again.storage.set(LAYOUT_KEY, storage.get(LAYOUT_KEY)!);
    expect(readLayout(again.storage.get(LAYOUT_KEY)!)).toEqual({ collapsed: { articles: false, details: true }, arcs: false });
  });

  it('reads anything unreadable as the defaults', () => {
    expect(readLayout(null)).toEqual(DEFAULT_LAYOUT);
    expect(readLayout('{not json')).toEqual(DEFAULT_LAYOUT);
    expect(readLayout('{"collapsed":{"articles":"yes"},"arcs":1}')).toEqual(DEFAULT_LAYOUT);
    expect(readLayout('{"collapsed":{"details":true}}')).toEqual({ collapsed: { articles: false, details: true }, arcs: false });
  });
});

describe('article details', () => {
  it('patches only what changed, trimmed; an emptied field is cleared', async () => {
    const { wb } = await setup();
    const a = { ...wb.store.get().doc!.article, metadata: { outlet: 'Wire', byline: 'Ann', license: 'CC BY' } };
    const form = detailsForm(a);
    expect(detailsPatch(a, form)).toBeNull();
    expect(detailsPatch(a, { ...form, title: `  ${a.title}  ` })).toBeNull();
    expect(detailsPatch(a, { ...form, title: ' New title ', byline: '', published: '2022-11-11 ' })).toEqual({ title: 'New title', metadata: { byline: null, published: '2022-11-11' } });
  });

  it('opens with Alt+M, saves one undoable updateArticle, and refuses a bad link with the reason', async () => {
    const { wb, api } = await setup();
    expect(handleWindowKey(wb, press('KeyM'), false)).toBe(true);
    expect(layoutOf(wb).get().editingDetails).toBe(true);
    const old = wb.store.get().doc!.article;
    expect(saveArticleDetails.perform(wb, { ...detailsForm(old), url: 'ftp://x' })).toBe(false);
    expect(wb.store.get().notice).toMatch(/not a web address/);
    expect(layoutOf(wb).get().editingDetails).toBe(true);
    expect(saveArticleDetails.perform(wb, { ...detailsForm(old), title: 'Renamed', outlet: 'Wire' })).toBe(true);
    expect(layoutOf(wb).get().editingDetails).toBe(false);
    // Shown at once, list row included; one Api call.
    expect(wb.store.get().doc!.article.title).toBe('Renamed');
    expect(wb.store.get().list!.items.find((r) => r.id === old.id)!.title).toBe('Renamed');
    await settle();
    expect(api.calls.filter((c) => c.method === 'apply').map((c) => (c.params as { op: { op: string } }).op.op)).toEqual(['updateArticle']);
    expect(api.state.docs[old.id]!.article.metadata.outlet).toBe('Wire');
    await undo.perform(wb);
    await settle();
    expect(wb.store.get().doc!.article.title).toBe(old.title);
    expect(api.state.docs[old.id]!.article).toEqual(old);
    // Nothing changed: nothing sent, the dialog closes.
    editArticleDetails.perform(wb);
    api.calls.length = 0;
    expect(saveArticleDetails.perform(wb, detailsForm(old))).toBe(true);
    expect(api.calls).toHaveLength(0);
  });

  it('says "Done — but no annotations" only of a done article with none', () => {
    expect(statusText('done', 0)).toBe('Done — but no annotations');
    expect(statusText('done', 3)).toBe('Done');
    expect(statusText('todo', 0)).toBe('To do');
    expect(statusText('in-progress', 0)).toBe('In progress');
  });
});
