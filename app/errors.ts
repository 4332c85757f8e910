/**
 * Errors the user sees. Every failure that reaches the UI or the command line is a
 * {@link UserError}: a message that says what failed and what to do, and a stable code scripts
 * can test. Anything else is a bug, reported as such without a stack trace.
 */

/**
 * Every error code that crosses a process boundary (HTTP, IPC) or reaches the command line: the
 * one union the server, the desktop shell and the renderer's client share. The first group is
 * what the core throws as a {@link UserError}; the second is what only a shell or a client says.
 */
export const ERROR_CODES = [
  'bad-request',
  'not-found',
  'invalid-operation',
  'project-locked',
  'project-missing',
  'newer-version',
  'damaged',
  'write-failed',
  'bad-input',
  'exists',
  'internal',
  /** A request from another site or window (Host, Origin, IPC sender): app/shells/. */
  'forbidden',
  /** A missing or wrong token: app/shells/server.ts. */
  'unauthorized',
  /** An edit based on a copy of the article someone else has changed since (team mode): app/team/. */
  'conflict',
  /** Too many wrong passwords for a name or from an address (team mode): app/team/throttle.ts. */
  'throttled',
  /** The user interface is not built (no index.html): app/shells/server.ts. */
  'not-built',
  /** The client could not reach the server: renderer/state/api-client.ts, never sent by a server. */
  'network',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class UserError extends Error {
  override name = 'UserError';
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }
}

/** The plain-language reason behind a Node file-system error code. */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EACCES':
    case 'EPERM':
      return 'permission was denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOENT':
      return 'the file or folder does not exist';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EISDIR':
      return 'it is a folder, not a file';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/**
 * The reason a write failed, in words. ENOENT while writing means a folder of the project went
 * missing or could not be created (Node reports it for a full or read-only disk in some places),
 * never "the file does not exist": the file is the one being written.
 */
export function describeWriteError(e: unknown): string {
  switch ((e as { code?: string }).code) {
    case 'ENOSPC':
      return 'the disk is full; free some space';
    case 'EDQUOT':
      return 'the disk quota is exceeded; free some space';
    case 'EACCES':
    case 'EPERM':
      return 'the folder is not writable (permission denied)';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOENT':
      return 'its folder is missing or cannot be written (is the disk full, removed or read-only?)';
    default:
      return describeFsError(e);
  }
}
