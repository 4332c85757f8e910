/** What opening a large project prints while the index is rebuilt (app/cli/io.ts), off a terminal: a line as it starts and one when done. */
import { describe, expect, it } from 'vitest';
import { openingProgress } from '../../../app/cli/io.js';

describe('the progress of opening a project', () => {
  it('says when it starts and ends reading many article files, once each, and nothing for a few', () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(`out: ${l}`), err: (l: string) => lines.push(`err: ${l}`) };
    const few = openingProgress(io);
    for (let done = 1; done <= 999; done++) few({ done, total: 999 });
    expect(lines).toEqual([]);
    const many = openingProgress(io);
    for (let done = 1; done <= 2500; done++) many({ done, total: 2500 });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('err: Reading 2,500 article files for the article index…');
    expect(lines[1]).toMatch(/^err: Read 2,500 article files for the article index in \d+\.\d s\.$/);
  });
});
