/** The registry files on their own: creating a project, checking every new state, ordering sources. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSchema, type Source } from '../../../annotations/index.js';
import { StoreCore } from '../../../app/store/core.js';
import { ProjectBackups } from '../../../app/store/project-backups.js';
import { ProjectRegistry, bySourceName, createProjectFiles } from '../../../app/store/registry.js';
import { cleanTemp, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

const source = (id: string, name: string): Source => ({ id, name, kind: 'person', aliases: [] });

describe('createProjectFiles', () => {
  it('writes sourcemark.json with the injected ids and clock, empty sources and an ignored .sourcemark/', async () => {
    const dir = path.join(tempDir(), 'new');
    await createProjectFiles(dir, { name: 'Created' }, { ids: (p) => `${p}-fixed`, clock: () => new Date('2030-01-02T03:04:05.000Z') });
    const project = JSON.parse(readFileSync(path.join(dir, 'sourcemark.json'), 'utf8'));
    expect(project).toMatchObject({ type: 'sourcemark-project', id: 'p-fixed', name: 'Created', createdAt: '2030-01-02T03:04:05.000Z' });
    expect(JSON.parse(readFileSync(path.join(dir, 'sources.json'), 'utf8'))).toMatchObject({ type: 'sourcemark-sources', sources: [] });
    expect(readFileSync(path.join(dir, '.sourcemark', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('refuses a folder that is a project already or is not empty (hidden files do not count)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.hidden'), '');
    await createProjectFiles(dir, {}, {});
    await expect(createProjectFiles(dir, {}, {})).rejects.toMatchObject({ code: 'exists', message: expect.stringContaining('is already a Sourcemark project') });
    const other = tempDir();
    mkdirSync(path.join(other, 'notes'));
    await expect(createProjectFiles(other, {}, {})).rejects.toMatchObject({ code: 'exists', message: expect.stringContaining('is not empty') });
  });
});

describe('ProjectRegistry', () => {
  async function opened(): Promise<{ core: StoreCore; registry: ProjectRegistry }> {
    const dir = tempDir();
    await createProjectFiles(dir, {}, {});
    const core = new StoreCore(dir, {});
    const registry = new ProjectRegistry(core, new ProjectBackups(core));
    const { project, sources } = await registry.read();
    registry.open(project, sources);
    return { core, registry };
  }

  it('refuses a project state or a source list that would not open again, naming the file', async () => {
    const { core, registry } = await opened();
    expect(() => registry.checkedProject({ ...core.project.data, schema: { ...defaultSchema(), labels: [] }, name: '' }))
      .toThrow(/This change is refused: sourcemark\.json would not match the project format \(.+\)\. Nothing was changed\./);
    expect(() => registry.checkedSources([{ ...source('s-1', 'A'), kind: 'planet' as never }]))
      .toThrow(/sources\.json would not match the sources format/);
    expect(registry.checkedProject({ ...core.project.data, version: 0 }).version).toBeGreaterThan(0);
  });

  it('reads a damaged sources.json as a problem that opens the project read-only', async () => {
    const { core } = await opened();
    writeFileSync(path.join(core.dir, 'sources.json'), '');
    const again = new StoreCore(core.dir, {});
    const { sources } = await new ProjectRegistry(again, new ProjectBackups(again)).read();
    expect(sources).toEqual([]);
    expect(again.readOnly).toBe(true);
    expect(again.problem).toMatch(/sources\.json cannot be read: the file is empty\. The project is open read-only/);
  });
});

describe('bySourceName', () => {
  it('orders by name without case, then by id', () => {
    const sorted = [source('s-3', 'beta'), source('s-2', 'Alpha'), source('s-1', 'alpha')].sort(bySourceName);
    expect(sorted.map((s) => s.id)).toEqual(['s-1', 's-2', 's-3']);
  });
});
