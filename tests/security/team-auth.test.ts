/**
 * Team mode's security (issue 19) on the real server process (`serve --team`, spawned, over
 * HTTP): a request without a session, with an expired one, with another person's session
 * reading a blind layer, an annotator calling managers' methods, a forged annotator name in a
 * payload, a request from another origin (CSRF) and guessed passwords are each refused, and
 * the project's files are exactly as they were (a hash of the folder before and after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../app/api/methods.js';
import { cleanTemp } from '../helpers/project.js';
import { call, deskProject, login, settledHash, startDesk, type Desk } from './team-process.js';

let desk: Desk;
let shortDesk: Desk;
let pw: Record<string, string>;
let shortPw: string;
let article: string;

const span = (articleId: string, start: number, extra: Record<string, unknown> = {}) => ({ op: { op: 'addSpan', articleId, span: { label: 'Quote', fragments: [{ start, end: start + 5 }], ...extra } } });

beforeAll(async () => {
  const p = deskProject({ alice: 'annotator', bob: 'annotator', carol: 'curator', max: 'manager' });
  pw = p.passwords;
  const q = deskProject({ alice: 'annotator' });
  shortPw = q.passwords.alice!;
  [desk, shortDesk] = await Promise.all([startDesk(p.dir), startDesk(q.dir, { SOURCEMARK_SESSION_IDLE_MS: '1500' })]);
  const max = await login(desk.origin, 'max', pw.max!);
  article = ((await call(desk.origin, 'listArticles', {}, max)).json.result as { items: { id: string }[] }).items[0]!.id;
  // Alice's layer has one span, to be read (or not) by others.
  const a = await call(desk.origin, 'apply', span(article, 10), await login(desk.origin, 'alice', pw.alice!));
  expect(a.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await Promise.all([desk?.stop(), shortDesk?.stop()]);
  await cleanTemp();
});

/** Runs `f`, then checks no file of the desk's project changed (names and contents). */
async function unchanged(d: Desk, f: () => Promise<void>): Promise<void> {
  const before = await settledHash(d.dir);
  await f();
  expect(await settledHash(d.dir)).toEqual(before);
}

describe('team desk: refused requests change nothing', () => {
  it('refuses every method without a session (401), and with a wrong token', async () => {
    await unchanged(desk, async () => {
      for (const m of [...API_METHODS, 'listUsers', 'addUser', 'whoami']) {
        const r = await call(desk.origin, m, m === 'apply' ? span(article, 30) : {});
        expect(r.status, m).toBe(401);
        expect(r.json.error?.code).toBe('unauthorized');
        expect((await call(desk.origin, m, {}, 'not-a-session')).status, m).toBe(401);
      }
      expect((await fetch(`${desk.origin}/api/events`)).status).toBe(401);
    });
  });

  it('refuses an expired session, and a session after logout', async () => {
    const token = await login(shortDesk.origin, 'alice', shortPw);
    expect((await call(shortDesk.origin, 'getProject', {}, token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1800));
    const articleId = article;
    await unchanged(shortDesk, async () => {
      const r = await call(shortDesk.origin, 'apply', span(articleId, 40), token);
      expect(r.status).toBe(401);
    });
    const again = await login(desk.origin, 'bob', pw.bob!);
    expect((await call(desk.origin, 'logout', {}, again)).status).toBe(200);
    await unchanged(desk, async () => expect((await call(desk.origin, 'apply', span(article, 50), again)).status).toBe(401));
  });

  it("keeps another annotator's layer blind: bob reads none of alice's spans and cannot change them", async () => {
    const bob = await login(desk.origin, 'bob', pw.bob!);
    const carol = await login(desk.origin, 'carol', pw.carol!);
    const full = (await call(desk.origin, 'getArticle', { id: article }, carol)).json.result as { spans: { id: string; annotator: string }[] };
    const alices = full.spans.filter((s) => s.annotator === 'alice');
    expect(alices.length).toBeGreaterThan(0); // the curator sees alice's layer
    const seen = (await call(desk.origin, 'getArticle', { id: article }, bob)).json.result as { spans: { annotator: string }[] };
    expect(seen.spans.filter((s) => s.annotator !== 'bob')).toEqual([]);
    await unchanged(desk, async () => {
      const r = await call(desk.origin, 'apply', { op: { op: 'removeSpan', articleId: article, spanId: alices[0]!.id } }, bob);
      expect(r.status).toBe(403);
      const u = await call(desk.origin, 'apply', { op: { op: 'updateSpan', articleId: article, spanId: alices[0]!.id, patch: { label: 'Speaker' } } }, bob);
      expect(u.status).toBe(403);
    });
  });

  it("refuses an annotator's calls to managers' methods (403)", async () => {
    const alice = await login(desk.origin, 'alice', pw.alice!);
    await unchanged(desk, async () => {
      const calls: [string, unknown][] = [
        ['updateProject', { name: 'Taken over' }], ['importText', { text: 'An article nobody asked for.' }], ['exportProject', { format: 'jsonl' }],
        ['restoreBackup', { id: article }], ['listBackups', { id: article }], ['setCleaning', { id: article, remove: [] }],
        ['addUser', { name: 'eve', role: 'manager' }], ['resetUser', { name: 'max' }], ['removeUser', { name: 'max' }], ['listUsers', {}],
        ['mergeSources', { keepId: 'a', goneId: 'b' }], ['assign', { articles: [article], annotators: ['alice'] }], ['someFutureMethod', {}],
        ['apply', { op: { op: 'setStatus', articleId: article, status: 'done' } }],
        ['apply', { op: { op: 'updateArticle', articleId: article, patch: { title: 'Mine now' } } }],
      ];
      for (const [m, body] of calls) {
        const r = await call(desk.origin, m, body, alice);
        expect(r.status, `${m} ${JSON.stringify(body)}`).toBe(403);
        expect(r.json.error?.code).toBe('forbidden');
      }
    });
  });

  it('stamps the signed-in name whatever the payload says, and refuses writing into another layer', async () => {
    const alice = await login(desk.origin, 'alice', pw.alice!);
    await unchanged(desk, async () => {
      const r = await call(desk.origin, 'apply', { ...span(article, 60, { layer: 'bob', annotator: 'bob' }), annotator: 'bob' }, alice);
      expect(r.status).toBe(403);
      const c = await call(desk.origin, 'apply', span(article, 60, { layer: 'curated' }), alice);
      expect(c.status).toBe(403);
    });
    const forged = await call(desk.origin, 'apply', { ...span(article, 70, { annotator: 'bob', id: 's-forged' }), annotator: 'bob' }, alice);
    expect(forged.status).toBe(200);
    const carol = await login(desk.origin, 'carol', pw.carol!);
    const doc = (await call(desk.origin, 'getArticle', { id: article }, carol)).json.result as { spans: { id: string; annotator: string }[] };
    expect(doc.spans.find((s) => s.id === 's-forged')?.annotator).toBe('alice');
    expect(doc.spans.filter((s) => s.annotator === 'bob')).toEqual([]);
  });

  it('refuses a request from another origin (CSRF), even with a valid session', async () => {
    const max = await login(desk.origin, 'max', pw.max!);
    await unchanged(desk, async () => {
      const r = await call(desk.origin, 'updateProject', { name: 'From evil' }, max, { Origin: 'http://evil.example' });
      expect(r.status).toBe(403);
      // A form post (no preflight) can carry neither the header nor a JSON type.
      const form = await fetch(`${desk.origin}/api/updateProject`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"name":"x"}' });
      expect([401, 415]).toContain(form.status);
      const login2 = await call(desk.origin, 'login', { name: 'max', password: pw.max }, undefined, { Origin: 'http://evil.example' });
      expect(login2.status).toBe(403);
    });
  });

  it('throttles repeated wrong passwords for a name (429 with Retry-After), even the right one meanwhile', async () => {
    await unchanged(desk, async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await call(desk.origin, 'login', { name: 'carol', password: `guess-${i}` })).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toContain(429);
      const right = await call(desk.origin, 'login', { name: 'carol', password: pw.carol });
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(right.json.error?.code).toBe('throttled');
    });
  });
});
