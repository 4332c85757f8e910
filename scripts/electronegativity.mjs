// Runs @doyensec/electronegativity on main/ and fails on any finding of medium severity or
// above (the CLI itself always exits 0). Reviewed exceptions are marked in the code with
// `eng-disable` comments that say why.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const input = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'main');
const dir = mkdtempSync(path.join(os.tmpdir(), 'eneg-'));
const out = path.join(dir, 'findings.csv');
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', input, '-r', '-e', '45.0.0', '-o', out], { stdio: 'pipe', timeout: 120_000 });
  const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
  const serious = rows.filter((r) => /^[A-Z_]+,"(MEDIUM|HIGH|CRITICAL)"/.test(r));
  const low = rows.length - serious.length;
  if (serious.length) {
    console.error(`electronegativity: ${serious.length} finding(s) of medium severity or above in ${input}:\n${serious.join('\n')}`);
    process.exit(1);
  }
  console.log(`electronegativity: 0 findings of medium severity or above in ${path.relative(root, input) || '.'} (${low} low or informational).`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
