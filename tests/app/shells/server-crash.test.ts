/**
 * The crash test against the browser-mode server as a whole: edits sent over HTTP, the server
 * process killed with SIGKILL at random moments and started again; afterwards every file is
 * valid and every edit the server acknowledged (HTTP 200) is on disk.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { makeFragment, validateDoc } from '../../../annotations/index.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { articleDoc, cleanTemp, newProject, tempDir } from '../../helpers/project.js';
import { bundle } from '../../helpers/bundle.js';
import { repoRoot } from '../../helpers/gold.js';

afterAll(cleanTemp);

const KILLS = 15;

function start(child: string, dir: string): Promise<{ p: ChildProcess; origin: string; token: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+) (\S+)/.exec(out);
      if (m) resolve({ p, origin: m[1]!, token: m[2]! });
    });
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => reject(new Error(`server exited (${code}) before it was ready: ${err}`)));
  });
}

describe('server crash safety', () => {
  it(`survives ${KILLS} SIGKILLs of the server process with every acknowledged edit on disk`, async () => {
    const child = await bundle(path.join(repoRoot, 'tests/helpers/server-child.ts'), tempDir('server-bundle-'));
    const { dir, store } = await newProject();
    const text = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
    await store.addArticle(articleDoc('a-1', text));
    await store.close();
    const words = [...text.matchAll(/\S+/g)];
    const acked: string[] = [];
    let n = 0;
    for (let k = 0; k < KILLS; k++) {
      const { p, origin, token } = await start(child, dir);
      const exited = new Promise<void>((r) => p.once('exit', () => r()));
      let alive = true;
      setTimeout(() => {
        alive = false;
        p.kill('SIGKILL');
      }, 40 + Math.floor(Math.random() * 250));
      while (alive) {
        const id = `s-${n++}`;
        const w = words[n % words.length]!;
        const now = new Date().toISOString();
        const span = { id, label: 'Cue', fragments: [makeFragment(text, w.index, w.index + w[0].length)], attributes: {}, annotator: 'crash', origin: 'manual', createdAt: now, updatedAt: now };
        try {
          const res = await fetch(`${origin}/api/apply`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ op: { op: 'addSpan', articleId: 'a-1', span }, scope: 'a-1' }) });
          if (res.ok) acked.push(id);
          else expect(res.status, await res.text()).toBe(200);
        } catch {
          break; // the server died with this request in flight: not acknowledged
        }
      }
      await exited;
      const check = await ProjectStore.open(dir, { readOnly: true });
      expect(check.listArticles().items[0]!.damaged).toBeUndefined();
      const doc = await check.getArticle('a-1');
      expect(validateDoc(doc, check.schema, {})).toEqual([]);
      const ids = new Set(doc.spans.map((s) => s.id));
      const missing = acked.filter((id) => !ids.has(id));
      expect(missing, `acknowledged but missing after kill ${k + 1}`).toEqual([]);
      await check.close();
    }
    console.log(`server crash test: ${KILLS} kills survived, ${acked.length} acknowledged edits over HTTP checked`);
    expect(acked.length).toBeGreaterThan(KILLS);
  }, 120_000);
});
