/** One error-code union for every code that crosses the wire, and how each crosses it. */
import { describe, expect, it } from 'vitest';
import { HTTP_STATUS, toErrorPayload } from '../../../app/api/error-mapping.js';
import { ERROR_CODES, UserError } from '../../../app/errors.js';

describe('error codes on the wire', () => {
  it('names the codes only a shell or the client sends in the same union as those the core throws', () => {
    for (const code of ['forbidden', 'unauthorized', 'not-built', 'network', 'internal', 'write-failed']) expect(ERROR_CODES).toContain(code);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('gives every code an HTTP status, the ones the server answers with as before', () => {
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...ERROR_CODES].sort());
    expect(HTTP_STATUS).toMatchObject({ 'bad-request': 400, unauthorized: 401, forbidden: 403, 'not-found': 404, 'project-locked': 409, 'invalid-operation': 422, internal: 500, 'not-built': 503, 'write-failed': 507 });
  });

  it('sends a UserError as it is and anything else as internal, without a stack', () => {
    expect(toErrorPayload(new UserError('damaged', 'a-1.json is empty.'))).toEqual({ code: 'damaged', message: 'a-1.json is empty.' });
    const payload = toErrorPayload(new TypeError('x is undefined'));
    expect(payload).toEqual({ code: 'internal', message: 'TypeError: x is undefined' });
    expect(toErrorPayload('plain')).toEqual({ code: 'internal', message: 'plain' });
  });
});
