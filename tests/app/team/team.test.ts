/** Team mode's parts (issue 19): accounts, sessions, the sign-in brake, roles, the change log, the minimal span. */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { completeMinimalSpans } from '../../../app/api/minimal-span.js';
import { UserError } from '../../../app/errors.js';
import { Accounts, accountNameProblem } from '../../../app/team/accounts.js';
import { ArticleLocks, ChangeLog, changedItems, itemsChangedBy } from '../../../app/team/conflicts.js';
import { operationProblem, roleFor, stampOperation, visibleLayer } from '../../../app/team/roles.js';
import { Sessions } from '../../../app/team/sessions.js';
import { Throttle } from '../../../app/team/throttle.js';
import { articleDoc, cleanTemp, span, tempDir } from '../../helpers/project.js';
import type { Operation } from '../../../annotations/index.js';

afterEach(cleanTemp);

describe('accounts', () => {
  it('keeps scrypt hashes, never the password, and checks passwords', async () => {
    const dir = tempDir();
    const accounts = Accounts.open(dir);
    const pw = await accounts.add('alice', 'annotator');
    const file = readFileSync(path.join(dir, 'users.json'), 'utf8');
    expect(file).not.toContain(pw);
    expect(JSON.parse(file).users[0]).toMatchObject({ name: 'alice', role: 'annotator', salt: expect.any(String), hash: expect.any(String) });
    expect(await accounts.verify('alice', pw)).toMatchObject({ name: 'alice', role: 'annotator' });
    expect(await accounts.verify('alice', `${pw}x`)).toBeUndefined();
    expect(await accounts.verify('nobody', pw)).toBeUndefined();
    const pw2 = await accounts.reset('alice');
    expect(await accounts.verify('alice', pw)).toBeUndefined();
    expect(await accounts.verify('alice', pw2)).toBeDefined();
    await expect(accounts.add('alice', 'curator')).rejects.toThrow(/already exists/);
    await expect(accounts.add('curated', 'annotator')).rejects.toThrow(/layer of its own/);
    await expect(accounts.add('bob', 'boss')).rejects.toThrow(/role must be one of/);
    await accounts.remove('alice');
    expect(accounts.list()).toEqual([]);
  });

  it('sees a change another process made to users.json, and names a damaged file', async () => {
    const dir = tempDir();
    const a = Accounts.open(dir);
    const b = Accounts.open(dir);
    await b.add('carol', 'curator');
    expect(a.get('carol')?.role).toBe('curator');
    writeFileSync(path.join(dir, 'users.json'), '{"type": "sourcemark-users", "users": [{');
    expect(() => a.list()).toThrow(/users\.json is not valid JSON/);
  });

  it('refuses names that are not names', () => {
    expect(accountNameProblem('alice')).toBeUndefined();
    expect(accountNameProblem('../x')).toMatch(/letters, digits/);
    expect(accountNameProblem('')).toMatch(/empty/);
  });
});

describe('sessions and the brake', () => {
  it('ends a session after its idle time and at logout', () => {
    let t = 0;
    const s = new Sessions({ idleMs: 1000, maxMs: 5000, now: () => t });
    const token = s.create('alice');
    t = 900;
    expect(s.check(token)?.name).toBe('alice');
    t = 1800; // 900 ms after the last use
    expect(s.check(token)).toBeDefined();
    t = 2801;
    expect(s.check(token)).toBeUndefined();
    const other = s.create('bob');
    s.end(other);
    expect(s.check(other)).toBeUndefined();
    expect(s.check('made-up')).toBeUndefined();
  });

  it('makes a name wait after five wrong passwords, longer each time', () => {
    let t = 0;
    const th = new Throttle({ now: () => t });
    for (let i = 0; i < 4; i++) th.fail(['name:a']);
    expect(th.wait(['name:a'])).toBe(0);
    th.fail(['name:a']);
    expect(th.wait(['name:a'])).toBe(1000);
    t = 1000;
    th.fail(['name:a']);
    expect(th.wait(['name:a'])).toBe(2000);
    th.clear('name:a');
    expect(th.wait(['name:a'])).toBe(0);
  });
});

describe('roles', () => {
  const doc = articleDoc('a-1', 'The minister said the plan was complete and would stay.');
  doc.spans.push(span(doc, 's-a', 'Quote', 4, 12, { annotator: 'alice' }), span(doc, 's-c', 'Quote', 13, 17, { annotator: 'carol', layer: 'curated' }));
  const docs = () => doc;
  const alice = { name: 'alice', role: 'annotator' as const };
  const bob = { name: 'bob', role: 'annotator' as const };
  const carol = { name: 'carol', role: 'curator' as const };

  it('lets an annotator write only their own layer, a curator also the curated one', () => {
    const add = (who: { name: string }, layer?: string): Operation => stampOperation({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-new', 'Quote', 0, 3, { annotator: 'mallory', ...(layer ? { layer } : {}) }) }, who.name);
    expect(operationProblem(add(alice), alice, docs)).toBeUndefined();
    expect(operationProblem(add(alice, 'curated'), alice, docs)).toMatch(/may not add annotations in the layer "curated"/);
    expect(operationProblem(add(carol, 'curated'), carol, docs)).toBeUndefined();
    expect(operationProblem(add(alice, 'bob'), alice, docs)).toMatch(/layer "bob"/);
    expect(operationProblem({ op: 'removeSpan', articleId: 'a-1', spanId: 's-a' }, bob, docs)).toMatch(/remove a span in the layer "alice"/);
    expect(operationProblem({ op: 'updateSpan', articleId: 'a-1', spanId: 's-a', patch: { label: 'Speaker' } }, alice, docs)).toBeUndefined();
    expect(operationProblem({ op: 'removeSpan', articleId: 'a-1', spanId: 's-c' }, alice, docs)).toMatch(/curated/);
    const linked = { ...doc, links: [{ id: 'l-c', type: 'said-by', from: 's-c', to: 's-a', annotator: 'carol', layer: 'curated' }] };
    expect(operationProblem({ op: 'removeSpan', articleId: 'a-1', spanId: 's-a' }, alice, () => linked)).toMatch(/annotations of another layer use, in the layer "curated"|another layer use/);
    expect(operationProblem({ op: 'batch', ops: [{ op: 'setStatus', articleId: 'a-1', status: 'done' }] }, alice, docs)).toMatch(/needs a curator/);
    expect(operationProblem({ op: 'setSchema', schema: { labels: [], linkTypes: [] } as never }, carol, docs)).toMatch(/needs a manager/);
  });

  it('stamps the signed-in name on what an operation adds and changes', () => {
    const op = stampOperation({ op: 'batch', ops: [
      { op: 'addSpan', articleId: 'a-1', span: span(doc, 's-x', 'Quote', 0, 3, { annotator: 'mallory' }) },
      { op: 'addLink', articleId: 'a-1', link: { id: 'l-1', type: 'said-by', from: 's-x', to: 's-a', annotator: 'mallory' } },
      { op: 'updateSpan', articleId: 'a-1', spanId: 's-a', patch: { updatedBy: 'mallory' } },
    ] }, 'alice');
    expect(JSON.stringify(op)).not.toContain('mallory');
  });

  it('closes unknown methods to all but managers, and keeps layers blind for annotators', () => {
    expect(roleFor('getArticle')).toBe('annotator');
    expect(roleFor('restoreBackup')).toBe('manager');
    expect(roleFor('anythingNew')).toBe('manager');
    expect(roleFor('__proto__')).toBe('manager');
    expect(visibleLayer(alice, 'bob')).toBe(false);
    expect(visibleLayer(alice, 'alice')).toBe(true);
    expect(visibleLayer(carol, 'bob')).toBe(true);
  });
});

describe('the change log', () => {
  it('finds a conflict only on an item someone else changed after the base', () => {
    const log = new ChangeLog(0);
    expect(log.revision('a-1')).toBe(0);
    expect(log.record('a-1', ['span:s-1'], 'alice')).toBe(1);
    expect(log.record('a-1', ['span:s-2'], 'bob')).toBe(2);
    expect(log.conflict('a-1', ['span:s-1'], 0, 'bob')).toMatchObject({ by: 'alice', rev: 1 });
    expect(log.conflict('a-1', ['span:s-1'], 1, 'bob')).toBeUndefined();
    expect(log.conflict('a-1', ['span:s-1'], 0, 'alice')).toBeUndefined();
    expect(log.conflict('a-1', ['span:s-3'], 0, 'bob')).toBeUndefined();
  });

  it('starts above every revision of an earlier run', () => {
    const before = new ChangeLog();
    const old = before.record('a-1', ['span:s-1'], 'alice');
    const after = new ChangeLog(Date.now() * 1000 + 1000);
    expect(after.record('a-1', ['span:s-1'], 'bob')).toBeGreaterThan(old);
    expect(after.conflict('a-1', ['span:s-1'], old, 'alice')).toMatchObject({ by: 'bob' });
  });

  it('names what an operation changes and what differs between two copies', () => {
    const doc = articleDoc('a-1', 'The minister said the plan was complete.');
    const s = span(doc, 's-1', 'Quote', 4, 12);
    const after = { ...doc, spans: [s] };
    expect(changedItems(doc, after)).toEqual(['span:s-1']);
    expect(changedItems(after, { ...after, spans: [{ ...s, label: 'Speaker' }] })).toEqual(['span:s-1']);
    expect(changedItems(after, after)).toEqual([]);
    expect(itemsChangedBy({ op: 'batch', ops: [{ op: 'removeSpan', articleId: 'a-1', spanId: 's-1' }, { op: 'removeSpan', articleId: 'a-2', spanId: 's-9' }] }, 'a-1')).toEqual(['span:s-1']);
  });

  it('runs holders of one article one at a time', async () => {
    const locks = new ArticleLocks();
    const order: string[] = [];
    const first = await locks.take(['a']);
    const second = locks.take(['a', 'b']).then((release) => {
      order.push('second');
      release();
    });
    await new Promise((r) => setTimeout(r, 5));
    order.push('first done');
    first();
    await second;
    expect(order).toEqual(['first done', 'second']);
  });
});

describe('the minimal span', () => {
  const doc = articleDoc('a-1', 'The minister said the plan was complete.');
  const article = async () => doc;

  it('fills in the text, context, id, annotator, origin and times from the article', async () => {
    const op = (await completeMinimalSpans({ op: 'addSpan', articleId: 'a-1', span: { label: 'Quote', fragments: [{ start: 4, end: 12 }], annotator: 'mallory' } }, { article, annotator: 'alice', now: () => new Date('2026-01-01T00:00:00Z') })) as { span: Record<string, unknown> };
    expect(op.span).toMatchObject({ label: 'Quote', annotator: 'alice', origin: 'manual', attributes: {}, createdAt: '2026-01-01T00:00:00.000Z', fragments: [{ start: 4, end: 12, text: 'minister', prefix: 'The ', suffix: ' said the plan was complete.' }] });
    expect(op.span.id).toMatch(/^s-/);
  });

  it('refuses offsets outside the text with a message, and leaves full spans and other operations alone', async () => {
    await expect(completeMinimalSpans({ op: 'addSpan', articleId: 'a-1', span: { label: 'Quote', fragments: [{ start: 4, end: 400 }] } }, { article, annotator: 'alice' })).rejects.toThrow(UserError);
    const full = { op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Quote', 4, 12, { annotator: 'alice' }) };
    expect(await completeMinimalSpans(full, { article, annotator: 'alice' })).toEqual(full);
    const other = { op: 'removeSpan', articleId: 'a-1', spanId: 's-1' };
    expect(await completeMinimalSpans(other, { article, annotator: 'alice' })).toBe(other);
  });
});

describe('the table of roles', () => {
  it('names every Api method (a new method is a manager\'s until it is given a role here)', async () => {
    const { API_METHODS } = await import('../../../app/api/methods.js');
    const { METHOD_ROLE } = await import('../../../app/team/roles.js');
    expect(API_METHODS.filter((m) => !Object.hasOwn(METHOD_ROLE, m))).toEqual([]);
  });
});
