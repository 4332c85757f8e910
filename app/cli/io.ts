/**
 * Where a command writes: its normal output and its messages for the user, as two line sinks,
 * so tests can capture them. Shared by every command (cli.ts, serve.ts); must not import either.
 */

export type Io = { out: (line: string) => void; err: (line: string) => void };
