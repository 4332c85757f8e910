/**
 * Issue 14, item 4: undo is atomic per scope and takes back only the undoing person's own
 * changes. Against the server as its own process (the crash test's server child) over HTTP:
 * two undos sent at once take back two steps, never one step twice; each annotator has their
 * own history, so one person's undo never removes another person's edit; and a step someone
 * else has changed since is refused with a message, changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFragment } from '../../annotations/index.js';
import { ProjectStore } from '../../app/store/project-store.js';
import { articleDoc, cleanTemp, newProject } from '../helpers/project.js';
import { apiCall, serverChild, type ServerProcess } from '../helpers/server-process.js';

const TEXT = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
const words = [...TEXT.matchAll(/\S+/g)];

let server: ServerProcess;
let dir: string;

beforeAll(async () => {
  const p = await newProject();
  dir = p.dir;
  for (let i = 1; i <= 6; i++) await p.store.addArticle(articleDoc(`a-${i}`, TEXT));
  // Large articles the server has not read yet: an edit of one keeps the server busy reading it
  // while the two undos arrive, which is when both used to see the same last step.
  for (let i = 1; i <= 5; i++) await p.store.addArticle(articleDoc(`big-${i}`, 'filler '.repeat(600_000)));
  await p.store.close();
  server = await serverChild(dir);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await cleanTemp();
});

let n = 0;
function addSpan(articleId: string, annotator: string) {
  const w = words[n++ % words.length]!;
  const now = new Date().toISOString();
  const span = { id: `s-${n}`, label: 'Cue', fragments: [makeFragment(TEXT, w.index, w.index + w[0].length)], attributes: {}, annotator, origin: 'manual', createdAt: now, updatedAt: now };
  return { span, call: () => apiCall(server, 'apply', { op: { op: 'addSpan', articleId, span }, scope: articleId, annotator }) };
}

const spanIds = async (articleId: string): Promise<string[]> => ((await apiCall(server, 'getArticle', { id: articleId })).json.result as { spans: { id: string }[] }).spans.map((s) => s.id).sort();

describe('undo over HTTP, two clients at once', () => {
  for (let trial = 1; trial <= 5; trial++) {
    it(`trial ${trial}: two concurrent undos on one scope undo exactly two different steps`, async () => {
      const articleId = `a-${trial}`;
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        const { span, call } = addSpan(articleId, 'alice');
        expect((await call()).status).toBe(200);
        made.push(span.id);
      }
      const [busy, one, two] = await Promise.all([
        apiCall(server, 'apply', { op: { op: 'setStatus', articleId: `big-${trial}`, status: 'done' }, scope: `big-${trial}`, annotator: 'carol' }),
        apiCall(server, 'undo', { scope: articleId, annotator: 'alice' }),
        apiCall(server, 'undo', { scope: articleId, annotator: 'alice' }),
      ]);
      expect([busy.status, one.status, two.status]).toEqual([200, 200, 200]);
      expect(one.json.result).not.toBeNull();
      expect(two.json.result).not.toBeNull();
      // The last two steps are gone, each once; the first three remain.
      expect(await spanIds(articleId)).toEqual(made.slice(0, 3).sort());
      expect((await apiCall(server, 'history', { scope: articleId, annotator: 'alice' })).json.result).toEqual({ undo: 3, redo: 2 });
      // And two concurrent redos bring back exactly those two.
      await Promise.all([
        apiCall(server, 'redo', { scope: articleId, annotator: 'alice' }),
        apiCall(server, 'redo', { scope: articleId, annotator: 'alice' }),
      ]);
      expect(await spanIds(articleId)).toEqual([...made].sort());
      expect((await apiCall(server, 'history', { scope: articleId, annotator: 'alice' })).json.result).toEqual({ undo: 5, redo: 0 });
    });
  }
});

describe('undo per annotator', () => {
  it("one person's undo takes back only their own change, never another's later edit", async () => {
    const articleId = 'a-6';
    const alice = addSpan(articleId, 'alice');
    const bob = addSpan(articleId, 'bob');
    expect((await alice.call()).status).toBe(200);
    expect((await bob.call()).status).toBe(200);
    // Alice's undo: her span goes, Bob's (made after hers) stays.
    const undone = await apiCall(server, 'undo', { scope: articleId, annotator: 'alice' });
    expect(undone.status).toBe(200);
    expect(await spanIds(articleId)).toEqual([bob.span.id]);
    expect((await apiCall(server, 'history', { scope: articleId, annotator: 'bob' })).json.result).toEqual({ undo: 1, redo: 0 });
    // Alice has nothing left to undo: her second undo does not reach Bob's change.
    expect((await apiCall(server, 'undo', { scope: articleId, annotator: 'alice' })).json.result).toBeNull();
    expect(await spanIds(articleId)).toEqual([bob.span.id]);
    // Bob's own undo does.
    await apiCall(server, 'undo', { scope: articleId, annotator: 'bob' });
    expect(await spanIds(articleId)).toEqual([]);
  });

  it('a step another person changed since is refused with a message, and nothing changes', async () => {
    const articleId = 'a-6';
    const alice = addSpan(articleId, 'alice');
    expect((await alice.call()).status).toBe(200);
    // Bob removes Alice's span; Alice's undo (of adding it) no longer applies.
    expect((await apiCall(server, 'apply', { op: { op: 'removeSpan', articleId, spanId: alice.span.id }, scope: articleId, annotator: 'bob' })).status).toBe(200);
    const refused = await apiCall(server, 'undo', { scope: articleId, annotator: 'alice' });
    expect(refused.status).toBe(422);
    expect(refused.json.error!.message).toMatch(/^Your last change can no longer be undone: it was changed since, in another tab or by another person/);
    expect(await spanIds(articleId)).toEqual([]);
    // Bob can still undo his removal.
    await apiCall(server, 'undo', { scope: articleId, annotator: 'bob' });
    expect(await spanIds(articleId)).toEqual([alice.span.id]);
  });

  it('what the server acknowledged is on disk after it stops', async () => {
    await server.stop();
    const store = await ProjectStore.open(dir, { readOnly: true });
    expect((await store.getArticle('a-1')).spans).toHaveLength(5);
    expect((await store.getArticle('a-6')).spans.map((s) => s.id)).toHaveLength(1);
    await store.close();
  });
});
