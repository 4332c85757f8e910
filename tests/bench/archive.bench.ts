/**
 * Suggestions over an archive (issue 22): `suggest <folder> --out FILE` from the command line,
 * as a user runs it, over a generated project of BENCH_ARCHIVE_ARTICLES (10,000) articles of 800
 * words, of which the first BENCH_ARCHIVE_ANNOTATED (100) are annotated (30 spans each: what
 * the model learns from) and the rest not, as in a desk's archive. The first run is stopped with Ctrl+C (SIGINT) once a third is done; the second run goes
 * on from there. Prints the whole time (both runs), articles per second, how long the first run
 * took to stop after Ctrl+C, and checks the output holds every article exactly once (nothing done
 * twice, nothing lost). The project is generated once into BENCH_ARCHIVE_DIR (default
 * /tmp/archive-<n>k) and reused; `--out` leaves it unchanged.
 *
 *   npm run bench -- archive
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/gold.js';
import { generateDoc, generateProject, writeDocFiles } from './generate.js';
import type { Benchmark, Figure } from './harness.js';

const ARTICLES = Number(process.env.BENCH_ARCHIVE_ARTICLES ?? 10_000);
const DIR = path.resolve(process.env.BENCH_ARCHIVE_DIR ?? path.join(os.tmpdir(), `archive-${ARTICLES / 1000}k`));
const ANNOTATED = Math.min(ARTICLES, Number(process.env.BENCH_ARCHIVE_ANNOTATED ?? 100));
const MARKER = 'generated-by-archive-bench.json';

async function ensureProject(log: (l: string) => void): Promise<string> {
  const marker = path.join(DIR, MARKER);
  const dir = path.join(DIR, 'project');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify({ articles: ARTICLES, annotated: ANNOTATED })) return dir;
  rmSync(DIR, { recursive: true, force: true });
  const t = performance.now();
  await generateProject(dir, ARTICLES, 0);
  for (let i = 0; i < ANNOTATED; i++) writeDocFiles(dir, generateDoc(`a-${i}`, 800, 12, 30, i + 1));
  writeFileSync(marker, JSON.stringify({ articles: ARTICLES, annotated: ANNOTATED }));
  log(`generated ${ARTICLES.toLocaleString('en')} articles in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return dir;
}

type Run = { code: number | null; ms: number; stopMs: number | undefined; out: string; err: string; progressLines: number };

/** `suggest <dir> --out <file>`; with `stopAt`, SIGINT once that many articles are reported done. */
function suggest(dir: string, file: string, stopAt?: number): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'app/cli/cli.ts'), 'suggest', dir, '--out', file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let progressLines = 0;
  let stoppedAt: number | undefined;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    for (const m of d.toString().matchAll(/suggest: (\d+)\/\d+/g)) {
      progressLines++;
      if (stopAt !== undefined && stoppedAt === undefined && Number(m[1]) >= stopAt) {
        stoppedAt = performance.now();
        child.kill('SIGINT');
      }
    }
  });
  return new Promise((resolve) => child.once('exit', (code) => {
    const end = performance.now();
    resolve({ code, ms: end - started, stopMs: stoppedAt === undefined ? undefined : end - stoppedAt, out, err, progressLines });
  }));
}

/** The article ids of the lines of `file`. */
const idsOf = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { id: string }).id) : []);

const bench: Benchmark = {
  name: `suggest over an archive: ${ARTICLES.toLocaleString('en')} articles, stopped with Ctrl+C and resumed`,
  async run({ log }) {
    const dir = await ensureProject(log);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'sourcemark-archive-'));
    try {
      const file = path.join(tmp, 'suggestions.jsonl');
      const first = await suggest(dir, file, Math.floor(ARTICLES / 3));
      const before = idsOf(file).length;
      log(`first run: exit ${first.code} after ${(first.ms / 1000).toFixed(1)} s, ${before} articles written, stopped ${first.stopMs?.toFixed(0)} ms after Ctrl+C; ${first.err.split('\n').filter((l) => /Stopp/.test(l)).join(' / ')}`);
      if (first.code !== 1 || first.stopMs === undefined) throw new Error(`the first run did not stop on Ctrl+C as it should (exit ${first.code}):\n${first.err.slice(-2000)}`);
      const second = await suggest(dir, file);
      log(`second run: exit ${second.code} after ${(second.ms / 1000).toFixed(1)} s: ${second.out.trim()}`);
      if (second.code !== 0) throw new Error(`the second run failed (exit ${second.code}):\n${second.err.slice(-2000)}`);
      const ids = idsOf(file);
      const unique = new Set(ids);
      const missing = ARTICLES - [...unique].filter((id) => /^a-\d+$/.test(id)).length;
      log(`output: ${ids.length} lines, ${unique.size} articles, ${ids.length - unique.size} twice, ${missing} missing; progress lines: ${first.progressLines + second.progressLines}`);
      const total = first.ms + second.ms;
      const figures: Figure[] = [
        { name: 'suggest over the archive, both runs', unit: 's', samples: [total / 1000], target: '< 600 s' },
        { name: 'articles per second', unit: 'articles/s', samples: [(ARTICLES / total) * 1000] },
        { name: 'stopped after Ctrl+C', unit: 'ms', samples: [first.stopMs] },
        { name: 'articles done before Ctrl+C, kept', unit: 'articles', samples: [before] },
        { name: 'articles suggested twice', unit: 'articles', samples: [ids.length - unique.size], target: '0' },
        { name: 'articles missing', unit: 'articles', samples: [missing], target: '0' },
      ];
      return figures;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
};

export default bench;
