/** Work with a few items in flight (app/in-turn.ts): never more than asked, every item once, a failure said once the calls under way have ended. */
import { describe, expect, it } from 'vitest';
import { inTurn } from '../../app/in-turn.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inTurn', () => {
  it('works on every item once with at most `atOnce` in flight', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await inTurn(Array.from({ length: 25 }, (_, i) => i), 4, async (item, i) => {
      expect(item).toBe(i);
      running++;
      most = Math.max(most, running);
      await tick(item % 3);
      seen.push(item);
      running--;
    });
    expect(most).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    await inTurn([], 4, async () => expect.unreachable());
  });

  it('starts nothing after a failure and rejects with it once the others have ended', async () => {
    const started: number[] = [];
    let ended = 0;
    const done = inTurn(Array.from({ length: 20 }, (_, i) => i), 3, async (item) => {
      started.push(item);
      await tick(5);
      if (item === 0) throw new Error('item 0 failed');
      ended++;
    });
    await expect(done).rejects.toThrow('item 0 failed');
    expect(started).toEqual([0, 1, 2]);
    expect(ended).toBe(2);
  });
});
