/** The Api's assignment methods over assignments.json: assign, unassign, double-annotate N% (seeded), bad input named, files left untouched. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi, dispatch } from '../../../app/api/handlers.js';
import { assignedTo, doubleAssignment } from '../../../app/team/assignments.js';
import { articleDoc, cleanTemp, newProject } from '../../helpers/project.js';

afterAll(cleanTemp);

async function project(n: number) {
  const { dir, store } = await newProject();
  for (let i = 1; i <= n; i++) await store.addArticle(articleDoc(`a-${i}`, `Article number ${i} says something.`));
  return { dir, store, api: createApi(store, 'browser') };
}

describe('assignments through the Api', () => {
  it('assigns, adds, replaces and unassigns, and keeps them in assignments.json', async () => {
    const { dir, api } = await project(3);
    expect(await api.getAssignments({})).toEqual({ articles: {}, annotators: [] });
    await api.assign({ articleIds: ['a-1', 'a-2'], annotators: ['bob'] });
    let r = await api.assign({ articleIds: ['a-2'], annotators: ['alice'] });
    expect(r).toEqual({ articles: { 'a-1': ['bob'], 'a-2': ['alice', 'bob'] }, annotators: ['alice', 'bob'] });
    r = await api.assign({ articleIds: ['a-2'], annotators: ['carol'], replace: true });
    expect(r.articles['a-2']).toEqual(['carol']);
    r = await api.unassign({ articleIds: ['a-1'] });
    expect(r.articles).toEqual({ 'a-2': ['carol'] });
    const file = JSON.parse(readFileSync(path.join(dir, 'assignments.json'), 'utf8')) as { type: string; articles: unknown };
    expect(file).toMatchObject({ type: 'sourcemark-assignments', articles: { 'a-2': ['carol'] } });
    expect(await api.getAssignments({})).toMatchObject({ articles: { 'a-2': ['carol'] } });
  });

  it('double-annotates N% at random: every article one annotator, N% two different ones, the same with the same seed', async () => {
    const { api } = await project(10);
    const r = await api.assignDouble({ percent: 30, annotators: ['alice', 'bob', 'carol'], seed: 7 });
    const lists = Object.values(r.articles);
    expect(lists).toHaveLength(10);
    expect(lists.filter((l) => l.length === 2)).toHaveLength(3);
    expect(r.doubled).toHaveLength(3);
    for (const l of lists) expect(new Set(l).size).toBe(l.length);
    // Balanced: 13 assignments over 3 people.
    const loads = ['alice', 'bob', 'carol'].map((p) => lists.filter((l) => l.includes(p)).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    const again = await api.assignDouble({ percent: 30, annotators: ['carol', 'bob', 'alice'], seed: 7 });
    expect(again.articles).toEqual(r.articles);
    const other = doubleAssignment(Object.keys(r.articles), ['alice', 'bob', 'carol'], 30, 8);
    expect(other.map).not.toEqual(r.articles);
    expect(assignedTo(r.articles, 'alice').length).toBe(loads[0]);
  });

  it('refuses bad input with a message naming the problem, and leaves the file as it was', async () => {
    const { dir, api } = await project(2);
    await api.assign({ articleIds: ['a-1'], annotators: ['bob'] });
    const before = readFileSync(path.join(dir, 'assignments.json'), 'utf8');
    await expect(dispatch(api, 'assign', { articleIds: ['nope'], annotators: ['bob'] })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('nope') });
    await expect(dispatch(api, 'assign', { articleIds: ['a-1'], annotators: ['curated'] })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('"curated"') });
    await expect(dispatch(api, 'assignDouble', { percent: 50, annotators: ['bob'] })).rejects.toMatchObject({ message: expect.stringContaining('at least two annotators') });
    await expect(dispatch(api, 'assignDouble', { percent: 150, annotators: ['bob', 'al'] })).rejects.toMatchObject({ code: 'bad-request' });
    expect(readFileSync(path.join(dir, 'assignments.json'), 'utf8')).toBe(before);
  });

  it('names a damaged assignments.json and does not overwrite it', async () => {
    const { dir, api } = await project(1);
    writeFileSync(path.join(dir, 'assignments.json'), '{"type": "sourcemark-assignments", "version": 1, "articles": {"a-1": "bob"}}');
    await expect(api.getAssignments({})).rejects.toMatchObject({ code: 'damaged', message: expect.stringMatching(/assignments\.json does not match.*articles\.a-1/) });
    await expect(api.assign({ articleIds: ['a-1'], annotators: ['bob'] })).rejects.toMatchObject({ code: 'damaged' });
    expect(readFileSync(path.join(dir, 'assignments.json'), 'utf8')).toContain('"a-1": "bob"');
    writeFileSync(path.join(dir, 'assignments.json'), '{not json');
    await expect(api.getAssignments({})).rejects.toMatchObject({ message: expect.stringContaining('is not valid JSON') });
  });
});
