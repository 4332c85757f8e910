/**
 * A refused undo (its step was changed since by someone else) is a notice, not "Not saved"
 * (issue 16): nothing is left unsaved. A failed save of an undo still shows in the save state.
 */
import { describe, expect, it } from 'vitest';
import { settle, setup } from '../fakes.js';
import { undo } from '../../../renderer/commands/history.js';
import { ApiError } from '../../../renderer/state/api-client.js';

describe('undo refused by the server', () => {
  it('says why as a notice and keeps the save state "saved"', async () => {
    const { wb, api } = await setup();
    api.failNext('undo', new ApiError('invalid-operation', 'Your last change can no longer be undone: it was changed since, in another tab or by another person (Source src-1 does not exist.)'));
    await undo.perform(wb);
    await settle();
    expect(wb.store.get().save.kind).toBe('saved');
    expect(wb.store.get().notice).toMatch(/can no longer be undone/);
  });

  it('still shows a failed save of an undo as not saved', async () => {
    const { wb, api } = await setup();
    api.failNext('undo', new ApiError('write-failed', 'The disk is full, so this change is not saved.'));
    await undo.perform(wb);
    await settle();
    expect(wb.store.get().save).toEqual({ kind: 'error', message: 'The disk is full, so this change is not saved.' });
  });
});
