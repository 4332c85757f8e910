/**
 * The crash test: a child process edits an article in a tight loop and is killed with SIGKILL
 * at random moments, many times. Afterwards every file parses and validates, and every edit the
 * child saw acknowledged is there (adds present, removes absent).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ProjectStore } from '../../../app/store/project-store.js';
import { validateDoc } from '../../../annotations/index.js';
import { articleDoc, cleanTemp, newProject, tempDir } from '../../helpers/project.js';
import { bundle } from '../../helpers/bundle.js';
import { repoRoot } from '../../helpers/gold.js';

afterAll(cleanTemp);

const KILLS = 25;

function runUntilKilled(child: string, args: string[], killAfterMs: number): Promise<{ adds: number[]; dels: number[]; tries: number[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      if (!out.includes('READY') && (out + d.toString()).includes('READY')) setTimeout(() => p.kill('SIGKILL'), killAfterMs);
      out += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited with ${code}: ${err}`));
      const lines = out.split('\n');
      const adds = lines.filter((l) => l.startsWith('ADD ')).map((l) => Number(l.slice(4)));
      const dels = lines.filter((l) => l.startsWith('DEL ')).map((l) => Number(l.slice(4)));
      const tries = lines.filter((l) => l.startsWith('TRY ')).map((l) => Number(l.slice(4)));
      resolve({ adds, dels, tries });
    });
  });
}

describe.each([
  { journal: false, kills: KILLS },
  // The desk's journal (app/store/journal.ts): an edit is acknowledged once journaled; the next writable opening writes it to the files.
  { journal: true, kills: 12 },
])('crash safety (journal: $journal)', ({ journal, kills }) => {
  it(`survives ${kills} SIGKILLs in the middle of saving with every acknowledged edit on disk`, async () => {
    const child = await bundle(path.join(repoRoot, 'tests/helpers/crash-child.ts'), tempDir('crash-bundle-'));
    const { dir, store } = await newProject();
    await store.addArticle(articleDoc('a-1', Array.from({ length: 800 }, (_, i) => `word${i}`).join(' ')));
    await store.close();
    const acked = new Set<string>();
    const deleted = new Set<string>();
    let totalAcks = 0;
    let replayed = 0;
    for (let k = 0; k < kills; k++) {
      const { adds, dels, tries } = await runUntilKilled(child, [dir, 'a-1', String((k + 1) * 100_000), ...(journal ? ['journal'] : [])], 30 + Math.floor(Math.random() * 250));
      adds.forEach((n) => acked.add(`s-${n}`));
      dels.forEach((n) => deleted.add(`s-${n}`));
      // A removal that was sent but not acknowledged may have reached the disk or not: both are right.
      const unsure = new Set(tries.filter((n) => !dels.includes(n)).map((n) => `s-${n}`));
      totalAcks += adds.length + dels.length;
      // With the journal, an opening for writing first writes what the killed process left in it.
      const check = await ProjectStore.open(dir, journal ? {} : { readOnly: true });
      if (check.messages.some((m) => m.includes('from its journal'))) replayed++;
      expect(check.listArticles().items[0]!.damaged).toBeUndefined();
      const doc = await check.getArticle('a-1');
      expect(validateDoc(doc, check.schema, {})).toEqual([]);
      const ids = new Set(doc.spans.map((s) => s.id));
      for (const id of unsure) if (!ids.has(id)) deleted.add(id);
      for (const id of acked) if (!deleted.has(id)) expect(ids.has(id), `acknowledged ${id} is missing after kill ${k + 1}`).toBe(true);
      for (const id of deleted) expect(ids.has(id), `acknowledged removal of ${id} is undone after kill ${k + 1}`).toBe(false);
      await check.close();
    }
    console.log(`crash test (journal: ${journal}): ${kills} kills survived, ${totalAcks} acknowledged edits checked${journal ? `, a journal written to the files after ${replayed}` : ''}`);
    expect(totalAcks).toBeGreaterThan(kills); // the kills landed while edits were being made
    if (journal) expect(replayed).toBeGreaterThan(0); // some kills came before the files were written
  }, 120_000);
});
