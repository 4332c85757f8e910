/** The Api's importUrl: only http and https addresses pass its schema (never a path on disk); a page is fetched and imported with its address kept. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi, dispatch } from '../../../app/api/handlers.js';
import { cleanTemp, newProject } from '../../helpers/project.js';

afterAll(cleanTemp);

describe('importUrl', () => {
  it('refuses anything but an http or https address, a file path above all', async () => {
    const { store } = await newProject();
    const api = createApi(store, 'browser');
    for (const url of ['/etc/passwd', 'file:///etc/passwd', 'sample/articles', 'ftp://example.org/a', 'http://', 'https:// spaced.example', 'javascript:alert(1)']) {
      await expect(dispatch(api, 'importUrl', { url }), url).rejects.toMatchObject({ code: 'bad-request' });
    }
    await expect(dispatch(api, 'importUrl', { url: 'https://example.org/a', path: '/etc' })).rejects.toMatchObject({ code: 'bad-request' });
    expect(store.listArticles().items).toHaveLength(0);
    await store.close();
  });

  it('fetches the page and imports it, keeping its address; a missing page is a failure in the report', async () => {
    const web = createServer((req, res) => {
      res.writeHead(req.url === '/story.html' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(req.url === '/story.html' ? '<html><head><title>Bridge opens</title></head><body><article><h1>Bridge opens</h1><p>The mayor said the bridge would open on Friday after years of work.</p></article></body></html>' : 'no');
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    try {
      const { store } = await newProject();
      const api = createApi(store, 'browser');
      const r = await dispatch(api, 'importUrl', { url: `${origin}/story.html` }) as { imported: { id: string }[]; lines: string[] };
      expect(r.imported).toHaveLength(1);
      const doc = await store.getArticle(r.imported[0]!.id);
      expect(doc.article.metadata.url).toBe(`${origin}/story.html`);
      expect(doc.article.text).toContain('the bridge would open on Friday');
      const missing = await dispatch(api, 'importUrl', { url: `${origin}/gone.html` }) as { imported: unknown[]; failed: { reason: string }[] };
      expect(missing.imported).toHaveLength(0);
      expect(missing.failed[0]!.reason).toContain('404');
      await store.close();
    } finally {
      await new Promise((r) => web.close(r));
    }
  });
});
