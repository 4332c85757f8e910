/**
 * The browser-mode server's Api and security properties, over real HTTP on 127.0.0.1 against a
 * temporary copy of the sample project.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { API_METHODS, type ArticleList } from '../../app/api.js';
import { cleanTemp } from '../helpers/project.js';
import { call, sampleServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await sampleServer({ bodyLimit: 64 * 1024 });
});
afterAll(async () => {
  await s.stop();
  cleanTemp();
});

/** A raw request, so Host and Origin can be forged. */
function raw(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser-mode server', () => {
  it('answers Api calls with the token, and lists the sample project', async () => {
    const r = await call(s, 'listArticles', {});
    expect(r.status).toBe(200);
    const list = r.json.result as ArticleList;
    expect(list.total).toBe(14);
    expect(list.progress).toMatchObject({ done: 2, todo: 12 });
  });

  it('exchanges the token in the printed URL for a cookie and drops it from the address', async () => {
    const r = await raw({ path: `/?token=${s.token}`, headers: { Host: `127.0.0.1:${s.port}` } });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    expect(String(r.headers['set-cookie'])).toMatch(/sourcemark_token=.*HttpOnly; SameSite=Strict/);
    const page = await raw({ path: '/', headers: { Host: `127.0.0.1:${s.port}`, Cookie: `sourcemark_token=${s.token}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('refuses a missing or wrong token', async () => {
    const none = await raw({ path: '/', headers: { Host: `127.0.0.1:${s.port}` } });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error.message).toMatch(/Open Sourcemark with the URL it printed/);
    const wrong = await call(s, 'listArticles', {}, { Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const badLink = await raw({ path: '/?token=guess', headers: { Host: `127.0.0.1:${s.port}` } });
    expect(badLink.status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (CSRF), even with the token', async () => {
    const host = await raw({ method: 'POST', path: '/api/listArticles', headers: { Host: `evil.example:${s.port}`, Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(host.status).toBe(403);
    expect(JSON.parse(host.body).error.message).toMatch(/host "evil.example:\d+" are refused/);
    const origin = await call(s, 'listArticles', {}, { Origin: 'http://evil.example' });
    expect(origin.status).toBe(403);
    const same = await call(s, 'listArticles', {}, { Origin: s.origin });
    expect(same.status).toBe(200);
  });

  it('refuses a body over the size limit', async () => {
    const r = await call(s, 'importText', { text: 'x'.repeat(100 * 1024) });
    expect(r.status).toBe(413);
    expect(r.json.error!.message).toMatch(/over the limit of 65536 bytes|limit is 65536/);
  });

  it('never lets an id or a path reach outside the project or the renderer folder', async () => {
    for (const id of ['../../../etc/passwd', '..', 'a/../../x', '.sourcemark/lock']) {
      const r = await call(s, 'getArticle', { id });
      expect(r.status).toBe(400);
      expect(r.json.error!.message).toMatch(/not a valid article id/);
    }
    const r = await raw({ path: '/..%2f..%2fpackage.json', headers: { Host: `127.0.0.1:${s.port}`, Cookie: `sourcemark_token=${s.token}` } });
    expect(r.status).toBe(404);
  });

  it('validates payloads and methods with messages, never stack traces', async () => {
    const bad = await call(s, 'apply', { op: { op: 'addSpan', articleId: 'a' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error!.message).toMatch(/^Invalid request to apply: op\.span/);
    const unknown = await call(s, 'dropEverything', {});
    expect(unknown.status).toBe(404);
    const proto = await call(s, '__proto__', {});
    expect(proto.status).toBe(404);
    const notJson = await raw({ method: 'POST', path: '/api/listArticles', headers: { Host: `127.0.0.1:${s.port}`, Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' }, body: '{oops' });
    expect(notJson.status).toBe(400);
    const form = await raw({ method: 'POST', path: '/api/listArticles', headers: { Host: `127.0.0.1:${s.port}`, Authorization: `Bearer ${s.token}`, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    for (const r of [bad, unknown]) expect(JSON.stringify(r.json)).not.toMatch(/\n\s+at /);
  });

  it('applies, undoes and redoes an operation through the Api, each on disk', async () => {
    const list = (await call(s, 'listArticles', { status: 'todo', limit: 1 })).json.result as ArticleList;
    const id = list.items[0]!.id;
    expect((await call(s, 'apply', { op: { op: 'setStatus', articleId: id, status: 'in-progress' }, scope: id })).status).toBe(200);
    expect((await call(s, 'history', { scope: id })).json.result).toEqual({ undo: 1, redo: 0 });
    await call(s, 'undo', { scope: id });
    expect(((await call(s, 'getArticle', { id })).json.result as { article: { status: string } }).article.status).toBe('todo');
    await call(s, 'redo', { scope: id });
    expect(((await call(s, 'getArticle', { id })).json.result as { article: { status: string } }).article.status).toBe('in-progress');
  });

  it('exposes every Api method over HTTP (the method list is the route table)', async () => {
    for (const m of API_METHODS) {
      const r = await call(s, m, { definitelyNotAParameter: 1 });
      expect([400, 200], `${m} answered ${r.status}`).toContain(r.status);
    }
  });
});
