/**
 * The benchmarks still run: each at a tiny size, checking that the runner prints its table and
 * writes its JSON. No figure is asserted (performance is read from `npm run bench`, not tested).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/gold.js';
import { cleanTemp, tempDir } from '../helpers/project.js';
import { ProjectStore } from '../../app/store/project-store.js';
import { generateProject } from '../bench/generate.js';
import { summarize } from '../bench/harness.js';

describe('benchmarks', () => {
  it('generate projects the store reads with every span (as the store keeps them: a file per layer)', async () => {
    const dir = path.join(tempDir('bench-gen-'), 'project');
    await generateProject(dir, 3, 30);
    const store = await ProjectStore.open(dir, { readOnly: true });
    try {
      const rows = store.listArticles({}).items;
      expect(rows.map((r) => r.id).sort()).toEqual(['a-0', 'a-1', 'a-2']);
      for (const row of rows) {
        const doc = await store.getArticle(row.id);
        expect(doc.spans).toHaveLength(30);
        expect(doc.spans.every((x) => x.annotator === 'bench')).toBe(true);
        expect(Object.values(row.counts).reduce((a, b) => a + b, 0)).toBe(30);
      }
      expect(store.problem).toBeUndefined();
    } finally {
      await store.close();
      await cleanTemp();
    }
  });

  it('summarise a figure that was not measured as NaN, not as a crash of the table (BENCH_PEERS=none)', () => {
    expect(summarize([])).toEqual({ median: NaN, p95: NaN, min: NaN, max: NaN, n: 0 });
    expect(summarize([3, 1, 2])).toEqual({ median: 2, p95: 3, min: 1, max: 3, n: 3 });
  });

  it('run and write their figures (tiny sizes)', async () => {
    const out = tempDir('bench-out-');
    const archive = tempDir('bench-archive-');
    const stdout = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/bench/run.ts', 'archive', 'store', 'editor', 'import', 'export', 'scale'], {
      cwd: repoRoot, encoding: 'utf8', timeout: 170_000,
      env: { ...process.env, BENCH_OUT: out, BENCH_ARTICLES: '40', BENCH_WORDS: '3000', BENCH_SPANS: '150', BENCH_RUNS: '2', BENCH_PAGES: '20', BENCH_SCALE_ARTICLES: '40', BENCH_CHANGES: '10', BENCH_ARCHIVE_ARTICLES: '200', BENCH_ARCHIVE_ANNOTATED: '20', BENCH_ARCHIVE_DIR: archive },
    });
    expect(stdout).toMatch(/open \+ list, with index\s+[\d.]+\s+[\d.]+/);
    expect(stdout).toMatch(/show: Sourcemark\s+[\d.]+/);
    expect(stdout).toMatch(/show: recogito\s+[\d.]+/);
    const [file] = readdirSync(out);
    const json = JSON.parse(readFileSync(path.join(out, file!), 'utf8')) as { results: { figures: { name: string; median: number }[] }[] };
    expect(json.results.map((r) => r.figures.length)).toEqual([6, 46, 5, 2, 13, 4]); // archive, editor, export, import, scale, store: files run in name order
    expect(stdout).toMatch(/show: label-studio \(every highlight\)\s+[\d.]+/);
    expect(stdout).toMatch(/ratio_show_vs_label_studio\s+[\d.]+/);
    expect(stdout).toMatch(/show: brat \(every highlight\)\s+[\d.]+/);
    expect(stdout).toMatch(/ratio_show_vs_brat_10k_words\s+[\d.]+/); // brat beside ours on the smaller article
    expect(stdout).toMatch(/open \+ list first page, with index\s+[\d.]+/);
    expect(stdout).toMatch(/articles per second\s+[\d.]+/);
    expect(stdout).toMatch(/articles suggested twice\s+0\.00/);
    expect(stdout).toMatch(/articles missing\s+0\.00/);
    await cleanTemp();
  }, 180_000);
});
