// `npm start`: builds, then launches the desktop app (Electron) on the last project, or the
// sample project on first use. Where Electron's runtime cannot be downloaded (an offline build
// machine), says so in one line and points to the browser mode.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

let binary;
try {
  // electron's index.js downloads the runtime on first use; ask a child so a failure stays contained.
  binary = execFileSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
} catch {
  console.error('Sourcemark: the Electron runtime could not be downloaded on this machine, so the desktop app cannot start here; run "npm run serve" to use Sourcemark in your browser instead.');
  process.exit(1);
}
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
