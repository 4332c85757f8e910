/**
 * The browser-mode server's Api and security properties, over real HTTP on 127.0.0.1 against a
 * temporary copy of the sample project.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { API_METHODS, type ArticleList } from '../../../app/api/contract.js';
import { cleanTemp } from '../../helpers/project.js';
import { call, sampleServer, type TestServer } from '../../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await sampleServer({ bodyLimit: 64 * 1024 });
});
afterAll(async () => {
  await s.stop();
  await cleanTemp();
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

  it('prints the token in the URL fragment, serves the shell without it, and never sets a cookie with it', async () => {
    expect(s.url).toBe(`${s.origin}/#token=${s.token}`);
    const page = await raw({ path: '/', headers: { Host: `127.0.0.1:${s.port}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.body).not.toContain(s.token);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['set-cookie'] ?? '')).not.toContain(s.token);
    // A link of the old form is checked, then moved to the fragment; no cookie.
    const r = await raw({ path: `/?token=${s.token}`, headers: { Host: `127.0.0.1:${s.port}` } });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe(`/#token=${s.token}`);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a missing or wrong token', async () => {
    const none = await raw({ method: 'POST', path: '/api/getProject', headers: { Host: `127.0.0.1:${s.port}`, 'Content-Type': 'application/json' }, body: '{}' });
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
      expect(r.json.error!.message).toMatch(/^Invalid request to getArticle: id: ".*" is not a valid id \(ids are letters, digits/);
    }
    for (const p of ['/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/..%5c..%5cpackage.json']) {
      const r = await raw({ path: p, headers: { Host: `127.0.0.1:${s.port}` } });
      expect(r.status, p).toBe(404);
    }
    const nul = await raw({ path: '/index.html%00.js', headers: { Host: `127.0.0.1:${s.port}` } });
    expect(nul.status).toBe(400);
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

  it('answers a malformed "%" escape in the path with 400 and says so (issue 14, item 7)', async () => {
    for (const p of ['/api/getProject%', '/api/%E0%A4%A', '/%E0%A4%A', '/assets/%zz.js']) {
      const api = p.startsWith('/api/');
      const r = await raw({ method: api ? 'POST' : 'GET', path: p, headers: { Host: `127.0.0.1:${s.port}`, Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' }, ...(api ? { body: '{}' } : {}) });
      expect(r.status, p).toBe(400);
      expect(JSON.parse(r.body).error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/malformed "%" escape/) });
    }
  });

  it('answers a request target that is not a path ("//", absolute form) with 400, not 500 (found by the HTTP fuzzing)', async () => {
    for (const p of ['//', '//evil.example/x', `http://127.0.0.1:${s.port}/api/getProject`]) {
      const r = await raw({ path: p, headers: { Host: `127.0.0.1:${s.port}` } });
      expect(r.status, p).toBe(400);
      expect(JSON.parse(r.body).error.message, p).toMatch(/is not a path/);
    }
  });

  it('answers a deeply nested batch with 400, not a stack overflow (issue 14, item 7)', async () => {
    for (const depth of [100, 2_500]) {
      const body = `{"op":${'{"op":"batch","ops":['.repeat(depth)}{"op":"setStatus","articleId":"x","status":"todo"}${']}'.repeat(depth)}}`;
      const r = await raw({ method: 'POST', path: '/api/apply', headers: { Host: `127.0.0.1:${s.port}`, Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' }, body });
      expect(r.status, `depth ${depth}`).toBe(400);
      expect(JSON.parse(r.body).error.message).toBe('Invalid request to apply: op: the operation nests deeper than 64 levels (a batch inside a batch inside …).');
    }
    // A batch of batches at a sane depth still reaches the store.
    const ok = await call(s, 'apply', { op: { op: 'batch', ops: [{ op: 'batch', ops: [] }] } });
    expect(ok.status).toBe(200);
  });

  it('exposes every Api method over HTTP (the method list is the route table)', async () => {
    for (const m of API_METHODS) {
      const r = await call(s, m, { definitelyNotAParameter: 1 });
      expect([400, 200], `${m} answered ${r.status}`).toContain(r.status);
    }
  });
});
