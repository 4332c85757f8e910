/**
 * What every command shares: where it writes (its normal output and its messages for the user,
 * as two line sinks, so tests can capture them), and how it reads its arguments and refuses them
 * (a {@link UsageError}, which cli.ts prints with the usage, exiting 2). Must not import a command.
 */

import { parseArgs } from 'node:util';
import { SHOW_PROGRESS_FROM } from '../store/project-store.js';

export type Io = { out: (line: string) => void; err: (line: string) => void };

/** The terminal's output and messages: what `npm run cli` writes to. */
export const defaultIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

type Progress = { done: number; total: number; current: string };

/** A progress bar on the terminal (stderr); silent when stderr is not a terminal (`tty` says which). */
export function progressBar(io: Io): ((p: Progress) => void) & { done: () => void; tty: boolean } {
  const tty = process.stderr.isTTY && io.err === defaultIo.err;
  let shown = false;
  const update = (p: Progress) => {
    if (!tty || p.total < 2) return;
    const width = 30;
    const filled = Math.round((width * p.done) / p.total);
    const name = p.current.length > 40 ? '…' + p.current.slice(-39) : p.current;
    process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${p.done}/${p.total} ${name}`.padEnd(100));
    shown = true;
  };
  return Object.assign(update, { done: () => shown && process.stderr.write('\n'), tty: !!tty });
}

/**
 * The progress of a project's opening (the store's `onProgress`): when many article files are
 * read for the index, a bar on a terminal, else a line as it starts and one when it is done.
 */
export function openingProgress(io: Io): (p: { done: number; total: number }) => void {
  const bar = progressBar(io);
  const { tty } = bar;
  let started = 0;
  let drawn = 0;
  return ({ done, total }) => {
    if (total < SHOW_PROGRESS_FROM) return;
    const now = performance.now();
    if (!started) {
      started = now;
      if (!tty) io.err(`Reading ${total.toLocaleString('en')} article files for the article index…`);
    }
    // The bar at most ten times a second: a terminal is slower than the reading.
    if (tty && (now - drawn > 100 || done === total)) {
      drawn = now;
      bar({ done, total, current: 'article files read for the index' });
    }
    if (done === total) {
      if (tty) bar.done();
      io.err(`Read ${total.toLocaleString('en')} article files for the article index in ${((now - started) / 1000).toFixed(1)} s.`);
    }
  };
}

/** A problem with the command's words: cli.ts prints it with the usage and exits with status 2. */
export class UsageError extends Error {}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];
export type ParsedArgs = { positionals: string[]; values: Record<string, string | boolean | (string | boolean)[] | undefined> };

/** `argv` read strictly against `options`, positionals allowed; an unknown or malformed option is a {@link UsageError}. */
export function args(argv: string[], options: Options = {}): ParsedArgs {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as ParsedArgs;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
