/**
 * Issue 14, item 6, against the server as its own process: exports started together get one
 * file each (they used to share a name to the second, and overwrite each other while all five
 * said they succeeded), and what an export killed with SIGKILL leaves in `exports/` is removed
 * when the project is opened again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanTemp } from '../helpers/project.js';
import { apiCall, sampleCopy, serverChild } from '../helpers/server-process.js';

afterAll(cleanTemp);

/** A copy of the sample with every article repeated `times` times under new ids: a corpus that takes a while to export. */
function bigSample(times: number): string {
  const dir = sampleCopy();
  const articles = path.join(dir, 'articles');
  for (const name of readdirSync(articles)) {
    const text = readFileSync(path.join(articles, name), 'utf8');
    const id = name.replace(/\.json$/, '');
    for (let i = 0; i < times; i++) writeFileSync(path.join(articles, `${id}-c${i}.json`), text.replaceAll(`"${id}"`, `"${id}-c${i}"`));
  }
  return dir;
}

type ExportAnswer = { files: string[]; articles: number; cancelled: boolean };

describe('exports through the Api (issue 14, item 6)', () => {
  it('five exports started at once write five files, each complete', async () => {
    const dir = sampleCopy();
    const s = await serverChild(dir);
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => apiCall(s, 'exportProject', { format: 'jsonl' })));
      for (const a of answers) expect(a.status, JSON.stringify(a.json)).toBe(200);
      const files = answers.map((a) => (a.json.result as ExportAnswer).files[0]!);
      expect(new Set(files).size).toBe(5);
      for (const f of files) {
        expect(path.dirname(f)).toBe(path.join(dir, 'exports'));
        expect(readFileSync(f, 'utf8').trim().split('\n')).toHaveLength(14); // every article, in each file
      }
      // The folder format too, and the names say which came later.
      const brat = await Promise.all(Array.from({ length: 5 }, () => apiCall(s, 'exportProject', { format: 'brat' })));
      const folders = brat.map((a) => (a.json.result as ExportAnswer).files[0]!);
      expect(new Set(folders).size).toBe(5);
      for (const f of folders) expect(readdirSync(f).filter((n) => n.endsWith('.ann'))).toHaveLength(14);
      // Exports of one second are numbered -2, -3, … (the five may straddle a second).
      const bySecond = new Map<string, string[]>();
      for (const f of folders) {
        const [, stamp, n] = /^brat-([\dT-]{19})(-\d+)?$/.exec(path.basename(f))!;
        bySecond.set(stamp!, [...(bySecond.get(stamp!) ?? []), n ?? '']);
      }
      for (const [, suffixes] of bySecond) expect(suffixes.sort()).toEqual(['', ...Array.from({ length: suffixes.length - 1 }, (_, i) => `-${i + 2}`)].sort());
      expect(readdirSync(path.join(dir, 'exports')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    } finally {
      await s.stop();
    }
  }, 60_000);

  it('a server killed during an export leaves its temporary folder, and the next start removes it', async () => {
    const dir = bigSample(80); // 14 × 81 articles
    const exports = path.join(dir, 'exports');
    const first = await serverChild(dir);
    const temp = () => (existsSync(exports) ? readdirSync(exports).filter((n) => n.endsWith('.tmp')) : []);
    void apiCall(first, 'exportProject', { format: 'brat' }).catch(() => undefined); // dies with the server
    let left: string[] = [];
    for (let i = 0; i < 5000 && !left.length; i++) {
      left = temp();
      if (!left.length) await new Promise((r) => setTimeout(r, 2));
    }
    await first.stop('SIGKILL');
    expect(left, 'the export started').toHaveLength(1);
    expect(left[0]).toMatch(new RegExp(`^\\.brat-[\\dT-]{19}\\.${first.child.pid}\\.[a-z0-9]+\\.tmp$`));
    expect(temp(), 'left behind by the kill').toEqual(left);

    const second = await serverChild(dir);
    try {
      expect(temp(), 'removed on start').toEqual([]);
      const listed = await apiCall(second, 'listArticles', { limit: 1 });
      const firstId = (listed.json.result as { items: { id: string }[] }).items[0]!.id;
      const r = await apiCall(second, 'exportProject', { format: 'jsonl', filter: { articles: [firstId] } });
      expect(r.status).toBe(200);
      expect(readdirSync(exports).filter((n) => !n.startsWith('jsonl-'))).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
