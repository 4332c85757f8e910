/**
 * The team desk in process (issue 19), over real HTTP: concurrent edits of one article (merged
 * when they touch different spans, 409 when a stale copy changes a span someone else changed),
 * live updates as each role may hear them, the managers' account methods, and the minimal span
 * in single-user mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { createApi } from '../../../app/api/handlers.js';
import { startServer, type RunningServer } from '../../../app/shells/server.js';
import { TeamGate } from '../../../app/shells/team-gate.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { Accounts } from '../../../app/team/accounts.js';
import { repoRoot } from '../../helpers/gold.js';
import { cleanTemp, tempDir } from '../../helpers/project.js';
import { call as tokenCall, sampleServer, type TestServer } from '../../helpers/server.js';

let server: RunningServer;
let store: ProjectStore;
const tokens: Record<string, string> = {};
let article: string;

type Answer = { status: number; json: { result?: unknown; error?: { code: string; message: string }; revisions?: Record<string, number> } };
const call = async (method: string, body: unknown, who?: string): Promise<Answer> => {
  const res = await fetch(`${server.origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(who ? { Authorization: `Bearer ${tokens[who]}` } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Answer['json'] };
};
const addSpan = (id: string, start: number, base?: number) => ({ op: { op: 'addSpan', articleId: article, span: { id, label: 'Quote', fragments: [{ start, end: start + 6 }] } }, ...(base === undefined ? {} : { base }) });

beforeAll(async () => {
  const dir = path.join(tempDir('sourcemark-team-'), 'project');
  cpSync(path.join(repoRoot, 'sample'), dir, { recursive: true });
  const accounts = Accounts.open(dir);
  const pw: Record<string, string> = {};
  for (const [name, role] of [['alice', 'annotator'], ['bob', 'annotator'], ['carol', 'curator'], ['max', 'manager']] as const) pw[name] = await accounts.add(name, role);
  store = await ProjectStore.open(dir);
  const api = createApi(store, 'browser');
  server = await startServer({ api, staticDir: path.join(repoRoot, 'dist/renderer'), team: new TeamGate(api, { accounts }) });
  for (const name of Object.keys(pw)) tokens[name] = ((await call('login', { name, password: pw[name] })).json.result as { token: string }).token;
  article = store.listArticles({}).items[0]!.id;
});
afterAll(async () => {
  await server.close();
  await store.close();
  await cleanTemp();
});

describe('team desk', () => {
  it('counts only an annotator\'s own layer in the article list (blind), every layer for a curator', async () => {
    const gold = 'a-zhx615xkn4hp'; // the sample's article annotated by "gold"
    type Row = { id: string; counts: Record<string, number>; links: number; layerCounts?: Record<string, unknown> };
    const row = async (who: string) => ((await call('listArticles', {}, who)).json.result as { items: Row[] }).items.find((r) => r.id === gold)!;
    const alice = await row('alice');
    expect(Object.values(alice.counts).reduce((a, b) => a + b, 0) + alice.links).toBe(0);
    expect(alice.layerCounts ?? {}).not.toHaveProperty('gold');
    const carol = await row('carol');
    expect(carol.counts.Speaker).toBeGreaterThan(0);
    expect(carol.layerCounts).toHaveProperty('gold');
  });

  it('says it is a team desk, and who is signed in', async () => {
    expect(await (await fetch(`${server.origin}/api/mode`)).json()).toEqual({ result: { mode: 'team' } });
    expect((await call('whoami', {}, 'carol')).json.result).toEqual({ name: 'carol', role: 'curator' });
  });

  it('leaves out of an edit\'s answer the article the page holds (have), and sends it whole when the page holds another version or none', async () => {
    type Doc = { article?: { id: string; text: string }; spans: { id: string }[] };
    type Versioned = Answer['json'] & { articles?: Record<string, string> };
    const read = (await call('getArticle', { id: article }, 'alice')).json as Versioned;
    const version = read.articles![article]!;
    expect((read.result as Doc).article!.text.length).toBeGreaterThan(100);
    const text = (read.result as Doc).article!.text.indexOf(' ') + 1;
    // Holding that version: the answer has the span, the revision and the version, not the article.
    const brief = (await call('apply', { ...addSpan('s-have-1', text), have: { [article]: version } }, 'alice')).json as Versioned;
    const doc = (brief.result as { docs: Doc[] }).docs[0]!;
    expect(doc.article).toBeUndefined();
    expect(doc.spans.map((x) => x.id)).toContain('s-have-1');
    expect(brief.articles).toEqual({ [article]: version });
    expect(JSON.stringify(brief).length).toBeLessThan(JSON.stringify(read).length);
    // Another version, or none: the article comes whole.
    for (const have of [{ [article]: 'another' }, undefined]) {
      const whole = (await call('apply', { ...addSpan(`s-have-${have ? 2 : 3}`, text + 12), ...(have ? { have } : {}) }, 'alice')).json as Versioned;
      expect((whole.result as { docs: Doc[] }).docs[0]!.article!.text).toBe((read.result as Doc).article!.text);
    }
    // A malformed one is refused, naming it; nothing is changed.
    const bad = await call('apply', { ...addSpan('s-have-4', text + 24), have: ['x'] }, 'alice');
    expect(bad.status).toBe(400);
    expect(bad.json.error!.message).toMatch(/have: the versions of the articles the page holds/);
    expect(((await call('getArticle', { id: article }, 'alice')).json.result as Doc).spans.map((x) => x.id)).not.toContain('s-have-4');
  });

  it('merges concurrent edits of different spans and refuses a stale change of a span someone else changed (409)', async () => {
    const read = await call('getArticle', { id: article }, 'alice');
    const base = read.json.revisions![article]!;
    // Alice and Carol (curator) each add spans at once from the same copy: all are kept.
    const answers = await Promise.all([
      ...[0, 1, 2].map((i) => call('apply', addSpan(`s-alice-${i}`, 10 + i * 10, base), 'alice')),
      ...[0, 1, 2].map((i) => call('apply', addSpan(`s-carol-${i}`, 100 + i * 10, base), 'carol')),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const ids = (await store.getArticle(article)).spans.map((s) => s.id);
    for (const id of ['s-alice-0', 's-alice-1', 's-alice-2', 's-carol-0', 's-carol-1', 's-carol-2']) expect(ids).toContain(id);
    // The curated layer is shared: carol adds a span to it, max (a manager) corrects it, and
    // carol, from her older copy, changes it too: refused (409), and max's change is kept.
    const cur = { op: { op: 'addSpan', articleId: article, span: { id: 's-cur', label: 'Quote', layer: 'curated', fragments: [{ start: 200, end: 206 }] } } };
    const added = await call('apply', cur, 'carol');
    expect(added.status).toBe(200);
    const carolBase = added.json.revisions![article]!;
    expect((await call('apply', { op: { op: 'updateSpan', articleId: article, spanId: 's-cur', patch: { label: 'Speaker' } }, base: carolBase }, 'carol')).status).toBe(200); // her own: no conflict
    const maxBase = (await call('getArticle', { id: article }, 'max')).json.revisions![article]!;
    expect((await call('apply', { op: { op: 'updateSpan', articleId: article, spanId: 's-cur', patch: { label: 'Cue' } }, base: maxBase }, 'max')).status).toBe(200);
    const stale = await call('apply', { op: { op: 'updateSpan', articleId: article, spanId: 's-cur', patch: { label: 'Quote' } }, base: carolBase }, 'carol');
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/max changed this span \(s-cur\)/) });
    expect((await store.getArticle(article)).spans.find((s) => s.id === 's-cur')?.label).toBe('Cue');
    // A stale copy may still change other spans (merged), and a fresh copy may change this one.
    expect((await call('apply', addSpan('s-carol-after', 250, carolBase), 'carol')).status).toBe(200);
    const fresh = (await call('getArticle', { id: article }, 'carol')).json.revisions![article]!;
    expect((await call('apply', { op: { op: 'updateSpan', articleId: article, spanId: 's-cur', patch: { label: 'Quote' } }, base: fresh }, 'carol')).status).toBe(200);
    // An annotator may not change the curated layer at all.
    expect((await call('apply', { op: { op: 'removeSpan', articleId: article, spanId: 's-cur' } }, 'alice')).status).toBe(403);
  });

  it('streams changes to open pages: a curator sees annotations arrive, an annotator hears nothing of whose they are', async () => {
    const listen = async (who: string) => {
      const controller = new AbortController();
      const res = await fetch(`${server.origin}/api/events`, { headers: { Authorization: `Bearer ${tokens[who]}` }, signal: controller.signal });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      return {
        next: async (): Promise<Record<string, unknown>> => {
          for (;;) {
            const m = /data: (.*)\n\n/.exec(text);
            if (m) {
              text = text.slice(m.index + m[0].length);
              return JSON.parse(m[1]!) as Record<string, unknown>;
            }
            const { value } = await reader.read();
            text += value ?? '';
          }
        },
        stop: () => controller.abort(),
      };
    };
    const carol = await listen('carol');
    const bob = await listen('bob');
    expect((await call('apply', addSpan('s-alice-live', 300), 'alice')).status).toBe(200);
    const heard = await carol.next();
    expect(heard).toMatchObject({ articles: [article], annotator: 'alice' });
    const bobHeard = await bob.next();
    expect(bobHeard.articles).toEqual([article]);
    expect(bobHeard.annotator).toBeUndefined();
    carol.stop();
    bob.stop();
  });

  it("lets a manager add, reset and remove accounts, and nobody else", async () => {
    expect((await call('addUser', { name: 'dan', role: 'annotator' }, 'carol')).status).toBe(403);
    const added = await call('addUser', { name: 'dan', role: 'annotator' }, 'max');
    const password = (added.json.result as { password: string }).password;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await call('login', { name: 'dan', password })).status).toBe(200);
    const listed = (await call('listUsers', {}, 'max')).json.result as { name: string }[];
    expect(listed.map((u) => u.name)).toContain('dan');
    expect(JSON.stringify(listed)).not.toMatch(/hash|salt/);
    expect((await call('removeUser', { name: 'max' }, 'max')).status).toBe(400);
    expect((await call('removeUser', { name: 'dan' }, 'max')).status).toBe(200);
    expect((await call('login', { name: 'dan', password })).status).toBe(401);
  });
});

describe('the minimal span, single-user mode', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await sampleServer();
  });
  afterAll(async () => s.stop());

  it('accepts {label, fragments} and fills in the rest from the article', async () => {
    const id = s.store.listArticles({}).items[0]!.id;
    const r = await tokenCall(s, 'apply', { op: { op: 'addSpan', articleId: id, span: { label: 'Quote', fragments: [{ start: 0, end: 8 }] } }, annotator: 'script' });
    expect(r.status).toBe(200);
    const doc = await s.store.getArticle(id);
    const made = doc.spans.find((x) => x.annotator === 'script')!;
    expect(made).toMatchObject({ origin: 'manual', fragments: [{ start: 0, end: 8, text: doc.article.text.slice(0, 8) }] });
    const bad = await tokenCall(s, 'apply', { op: { op: 'addSpan', articleId: id, span: { label: 'Quote', fragments: [{ start: 5, end: 1 }] } } });
    expect(bad.status).toBe(400);
  });
});
