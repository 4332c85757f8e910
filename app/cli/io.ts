/**
 * What every command shares: where it writes (its normal output and its messages for the user,
 * as two line sinks, so tests can capture them), and how it reads its arguments and refuses them
 * (a {@link UsageError}, which cli.ts prints with the usage, exiting 2). Must not import a command.
 */

import { parseArgs } from 'node:util';

export type Io = { out: (line: string) => void; err: (line: string) => void };

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
