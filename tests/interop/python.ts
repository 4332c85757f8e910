/**
 * The Python the interop tests run their checks with: the virtual environment that `.ci/run`
 * makes (spaCy and Hugging Face datasets from tests/interop/requirements.txt), found through
 * `SOURCEMARK_INTEROP_PYTHON`, else in the default folder `.venv-interop/`. Without it a check
 * fails under CI (`CI=true`: the readers must be there) and is skipped elsewhere, saying how to
 * make the environment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHECKS = path.join(ROOT, 'tests/interop/checks');

const HOW = 'create it with `bash .ci/run` (it runs the tests too), or alone: `python3 -m venv .venv-interop && .venv-interop/bin/pip install -r tests/interop/requirements.txt`';

/** The interpreter, or why there is none. */
export function interopPython(): { python: string } | { missing: string } {
  const given = process.env.SOURCEMARK_INTEROP_PYTHON;
  const python = given || path.join(ROOT, '.venv-interop/bin/python');
  if (!existsSync(python)) {
    return { missing: `the interop Python environment is missing (${given ? `SOURCEMARK_INTEROP_PYTHON=${given}` : 'no .venv-interop/ and no SOURCEMARK_INTEROP_PYTHON'}): ${HOW}` };
  }
  const probe = spawnSync(python, ['-c', 'import spacy, datasets, yaml'], { encoding: 'utf8' });
  if (probe.status !== 0) return { missing: `${python} cannot import spaCy and datasets (${(probe.stderr || probe.error?.message || '').trim().split('\n').at(-1)}): ${HOW}` };
  return { python };
}

/** Skips the test outside CI, fails it under CI, when the environment is missing; else gives the interpreter. */
export function needPython(ctx: { skip: (note?: string) => never }, found: ReturnType<typeof interopPython>): string {
  if ('python' in found) return found.python;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI: ${found.missing}`);
  return ctx.skip(found.missing);
}

/**
 * Runs `tests/interop/checks/<script>` with the arguments; the script prints a JSON summary on
 * success and exits 1 with the problem on stderr otherwise. Hugging Face's caches go to
 * `hfHome`, with no network: the checks read local files only.
 */
export function runCheck(python: string, script: string, args: string[], hfHome: string): { summary: Record<string, unknown>; stderr: string; status: number | null } {
  const r = spawnSync(python, [path.join(CHECKS, script), ...args], {
    encoding: 'utf8', timeout: 180_000,
    env: { ...process.env, HF_HOME: hfHome, HF_HUB_OFFLINE: '1', HF_DATASETS_OFFLINE: '1', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
  });
  let summary: Record<string, unknown> = {};
  if (r.status === 0) summary = JSON.parse(r.stdout) as Record<string, unknown>;
  return { summary, stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`, status: r.status };
}
