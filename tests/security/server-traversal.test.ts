/**
 * Issue 14, item 5: every Api method that takes an id or a name refuses a path in it the same
 * way (one check, `idProblem` in app/api.ts): 400 `bad-request`, naming the field, before any
 * method runs. Against the server as its own process on a copy of the sample, with a folder of
 * `*.json` files beside the project that no request may list or touch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanTemp } from '../helpers/project.js';
import { apiCall, sampleCopy, serverChild, type ServerProcess } from '../helpers/server-process.js';

/** The hostile ids and names: traversal in both separators, encoded, absolute, NUL, long, empty. */
const BAD: [string, string][] = [
  ['parent', '../x'],
  ['parent, three up', '../../../outside'],
  ['parent, a file of the store', '../index.json'],
  ['parent, backslash', '..\\x'],
  ['encoded dots', '%2e%2e'],
  ['encoded slash', '..%2fx'],
  ['absolute', '/etc/passwd'],
  ['absolute, Windows', 'C:\\Windows\\x'],
  ['dot', '.'],
  ['hidden', '.sourcemark'],
  ['NUL', 'a\u0000b'],
  ['newline', 'a\nb'],
  ['very long', 'a'.repeat(5000)],
  ['empty', ''],
  ['space', 'a b'],
];

/** Every method and field that takes an id (or a name), as a payload with `v` in that place. */
const FIELDS: [string, string, (v: string) => unknown][] = [
  ['getArticle', 'id', (v) => ({ id: v })],
  ['getSource', 'id', (v) => ({ id: v })],
  ['mergeSources', 'keepId', (v) => ({ keepId: v, goneId: 'src-4zw3xwja0cwb' })],
  ['mergeSources', 'goneId', (v) => ({ keepId: 'src-4zw3xwja0cwb', goneId: v })],
  ['apply', 'scope', (v) => ({ op: { op: 'batch', ops: [] }, scope: v })],
  ['apply', 'op.articleId', (v) => ({ op: { op: 'setStatus', articleId: v, status: 'done' } })],
  ['apply', 'op.ops.0.articleId', (v) => ({ op: { op: 'batch', ops: [{ op: 'setStatus', articleId: v, status: 'done' }] } })],
  ['undo', 'scope', (v) => ({ scope: v })],
  ['redo', 'scope', (v) => ({ scope: v })],
  ['history', 'scope', (v) => ({ scope: v })],
  ['exportProject', 'filter.articles.0', (v) => ({ format: 'jsonl', filter: { articles: [v] } })],
  ['exportProject', 'job', (v) => ({ format: 'jsonl', job: v })],
  ['exportProgress', 'job', (v) => ({ job: v })],
  ['cancelExport', 'job', (v) => ({ job: v })],
  ['getCleaning', 'id', (v) => ({ id: v })],
  ['setCleaning', 'id', (v) => ({ id: v, remove: [] })],
  ['listBackups', 'id', (v) => ({ id: v })],
  ['restoreBackup', 'id', (v) => ({ id: v })],
];

/** File names sent to importFiles: only the last segment is used, but a path in them is refused. */
const BAD_NAMES: [string, string][] = [
  ['parent', '../x.txt'],
  ['parent, three up', '../../../outside/x.txt'],
  ['parent, backslash', '..\\x.txt'],
  ['parent inside', 'a/../../x.txt'],
  ['absolute', '/etc/x.txt'],
  ['absolute, Windows', 'C:\\x.txt'],
  ['absolute, UNC', '\\\\server\\x.txt'],
  ['NUL', 'x\u0000.txt'],
  ['very long', `${'a'.repeat(1001)}.txt`],
  ['empty', ''],
  ['a folder', 'dir/'],
];

let s: ServerProcess;
let project: string;
let outside: string;

beforeAll(async () => {
  project = sampleCopy();
  // What listBackups {"id": "../../../outside"} used to list: *.json names anywhere.
  outside = path.join(path.dirname(project), 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.json'), '{}');
  s = await serverChild(project);
}, 60_000);

afterAll(async () => {
  await s?.stop();
  await cleanTemp();
});

describe('ids and names in every Api method (issue 14, item 5)', () => {
  it.each(FIELDS)('%s %s: each hostile id answers 400 bad-request naming the field', async (method, field, payload) => {
    for (const [what, v] of BAD) {
      const r = await apiCall(s, method, payload(v));
      expect(r.status, `${method} ${field} = ${what}: ${JSON.stringify(r.json)}`).toBe(400);
      expect(r.json.error!.code).toBe('bad-request');
      // The operation schema (annotations/) bounds an id to 1–200 characters before the id check runs.
      expect(r.json.error!.message, what).toMatch(new RegExp(`^Invalid request to ${method}: ${field.replace(/\./g, '\\.')}: (".*" is not a valid id \\(ids are letters, digits|Too big: expected string to have <=200 characters|Too small: expected string to have >=1 characters)`));
      expect(r.json.error!.message.length, what).toBeLessThan(300); // a 5,000-character id is cut in the message
    }
  }, 60_000);

  it('importFiles: each hostile file name answers 400 bad-request naming the file', async () => {
    for (const [what, name] of BAD_NAMES) {
      const r = await apiCall(s, 'importFiles', { files: [{ name, data: Buffer.from('Some text.').toString('base64') }] });
      expect(r.status, `${what}: ${JSON.stringify(r.json)}`).toBe(400);
      expect(r.json.error!.code).toBe('bad-request');
      expect(r.json.error!.message, what).toMatch(/^Invalid request to importFiles: files\.0\.name: (the file name .* (is an absolute path|reaches outside its folder|contains a control character|is longer than 1000 characters|names a folder)|a file name is empty)/);
    }
    // A folder's file keeps its folder in the name, and imports.
    const ok = await apiCall(s, 'importFiles', { files: [{ name: 'folder/inner/ok.txt', data: Buffer.from('A new text, said the test.').toString('base64') }] });
    expect(ok.status).toBe(200);
    expect((ok.json.result as { imported: unknown[] }).imported).toHaveLength(1);
  });

  it('valid ids still work in each of these methods', async () => {
    const list = (await apiCall(s, 'listArticles', { limit: 1 })).json.result as { items: { id: string }[] };
    const id = list.items[0]!.id;
    const sourceId = ((await apiCall(s, 'getProject', {})).json.result as { sources: { id: string }[] }).sources[0]!.id;
    for (const [method, payload] of [
      ['getArticle', { id }], ['getCleaning', { id }], ['listBackups', { id }], ['history', { scope: id }], ['getSource', { id: sourceId }],
      ['exportProgress', { job: 'export-1' }], ['cancelExport', { job: 'export-1' }],
    ] as const) {
      const r = await apiCall(s, method, payload);
      expect(r.status, `${method}: ${JSON.stringify(r.json)}`).toBe(200);
    }
    expect((await apiCall(s, 'getArticle', { id: 'no-such-article' })).status).toBe(404);
  });

  it('nothing outside the project was listed, changed or created', () => {
    expect(readdirSync(outside)).toEqual(['secret.json']);
    expect(readdirSync(path.dirname(project)).sort()).toEqual(['outside', 'project']);
  });
});
