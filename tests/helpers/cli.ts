/** The command line run in-process (app/cli/cli.ts `runCli`), its output captured. */
import { runCli } from '../../app/cli/cli.js';

/** Runs `npm run cli -- …argv` in this process: the exit code, and stdout and stderr as text. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
