/**
 * How a failure crosses a process boundary: any error as the {@link ApiErrorPayload} both
 * shells send (a {@link UserError} as it is, anything else as `internal`), and the HTTP status
 * of each {@link ErrorCode} in browser mode. The renderer reads the same codes (app/errors.ts).
 *
 * Must not: import Node modules (the contract's types are shared with the renderer), nor word
 * messages: those come from where the error was thrown.
 */

import { UserError, type ErrorCode } from '../errors.js';
import type { ApiErrorPayload } from './contract.js';

/** The HTTP status the browser-mode server answers with for each error code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  'bad-request': 400, 'bad-input': 400, 'not-found': 404, 'invalid-operation': 422, 'project-locked': 409,
  'project-missing': 404, 'newer-version': 409, damaged: 409, 'write-failed': 507, exists: 409, internal: 500,
  forbidden: 403, unauthorized: 401, 'not-built': 503, conflict: 409, throttled: 429,
  // Never sent by a server (the client's own word for "no answer"); 502 if it ever were.
  network: 502,
};

/** `e` as it crosses the wire: a {@link UserError}'s code and message, anything else `internal`. */
export function toErrorPayload(e: unknown): ApiErrorPayload {
  const err = e instanceof UserError ? e : new UserError('internal', String(e));
  return { code: err.code, message: err.message };
}
