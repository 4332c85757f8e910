/**
 * The project's two registry files, `sourcemark.json` (name, schema, settings, format version)
 * and `sources.json` (the source registry): creating them for a new project, reading them on
 * opening (a file that cannot be read or does not match its format opens the project read-only
 * with what can be read, and names the problem), checking every new state with the very schema
 * that reads it, queueing their saves, and restoring one from a backup.
 *
 * The sources a layer's annotator creates are kept in `sources/<layer>.json` (layer-sources.ts),
 * so two people creating sources offline touch different files; the registry is the union.
 *
 * Must not: write an article or the index (articles.ts), nor let a write through that would
 * leave a project that does not open.
 */

import path from 'node:path';
import {
  FORMAT_VERSION, ProjectFileSchema, SourceSchema, SourcesFileSchema, defaultSchema, randomId,
  type ProjectFile, type ProjectSchema, type Source,
} from '../../annotations/index.js';
import { UserError, describeFsError, describeWriteError } from '../errors.js';
import { systemClock, type StoreCore, type SourcesFile, type StoreOptions } from './core.js';
import { DurableJsonFile, UnreadableFileError, durableDb, withRealFileOps, writeFileDurably } from './durable.js';
import { PROJECT_FILE, SOURCES_FILE, issuesOf, whyNotWritable, type RegistryFile } from './files.js';
import { stableStringify } from './json.js';
import { LAYER_SOURCES_DIR, homeFile, planSources, readLayerSources, sourcesText, type SourceHome } from './layer-sources.js';
import { needsMigration } from './migrate.js';
import type { ProjectBackups } from './project-backups.js';
import { salvageProject } from './salvage.js';

const emptySources = (sources: Source[] = []): SourcesFile => ({ type: 'sourcemark-sources', version: FORMAT_VERSION, sources });

/** Sources in the order `sources.json` keeps them: by name, case-insensitive, then id. */
export const bySourceName = (a: Source, b: Source): number => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/**
 * Writes the files of an empty project with the default schema (or `init.schema`) in `abs`,
 * which must be empty or absent. Returns once they are on disk.
 */
export async function createProjectFiles(abs: string, init: { name?: string; schema?: ProjectSchema }, opts: StoreOptions): Promise<void> {
  const fs = withRealFileOps(opts.fs);
  if (fs.existsSync(path.join(abs, PROJECT_FILE))) throw new UserError('exists', `${abs} is already a Sourcemark project.`);
  if (fs.existsSync(abs) && fs.readdirSync(abs).some((f) => !f.startsWith('.'))) {
    throw new UserError('exists', `${abs} is not empty. Choose an empty or new folder for a new project.`);
  }
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? randomId;
  const proposed = {
    type: 'sourcemark-project', version: FORMAT_VERSION, id: ids('p'), name: init.name ?? path.basename(abs),
    schema: init.schema ?? defaultSchema(), settings: { snapToWords: true }, createdAt: clock().toISOString(),
  };
  // The same check as every later write: a project that is created always opens.
  const checked = ProjectFileSchema.safeParse(proposed);
  if (!checked.success) throw new UserError('invalid-operation', `The project cannot be created: ${PROJECT_FILE} would not match the project format (${issuesOf(checked.error.issues)}).`);
  const project: ProjectFile = checked.data;
  try {
    await fs.mkdir(path.join(abs, 'articles'), { recursive: true });
    await fs.mkdir(path.join(abs, '.sourcemark'), { recursive: true });
    await writeFileDurably(path.join(abs, SOURCES_FILE), stableStringify(emptySources()), fs);
    await fs.writeFile(path.join(abs, '.sourcemark', '.gitignore'), '*\n');
    await writeFileDurably(path.join(abs, PROJECT_FILE), stableStringify(project), fs);
  } catch (e) {
    throw new UserError('write-failed', `Could not create the project in ${abs}: ${describeWriteError(whyNotWritable(path.dirname(abs), e, fs))}.`);
  }
}

export class ProjectRegistry {
  /** The file each source lives in (see layer-sources.ts). */
  private readonly homes = new Map<string, SourceHome>();
  /** The text of each source file as on disk, by home. */
  private readonly written = new Map<SourceHome, string>();

  constructor(private readonly core: StoreCore, private readonly backups: ProjectBackups) {}

  /**
   * Reads both registry files. A file that cannot be read or does not match its format is
   * salvaged and named as a problem (so the project opens read-only); a missing project file or
   * one of a newer version throws.
   */
  async read(): Promise<{ project: ProjectFile; sources: Source[] }> {
    const { core } = this;
    const projectPath = path.join(core.dir, PROJECT_FILE);
    if (!core.fs.existsSync(projectPath)) {
      throw new UserError('project-missing', `${core.dir} is not a Sourcemark project (no ${PROJECT_FILE}). Create one with "npm run cli -- init ${core.dir}".`);
    }
    const problems: [RegistryFile, string][] = [];
    // A project file that cannot be read or does not match the format never locks the user out:
    // the project opens read-only with what can be read, and the problem is named.
    let projectData: unknown;
    try {
      projectData = await this.readJson(projectPath);
    } catch (e) {
      if (!(e instanceof UserError) || e.code !== 'damaged') throw e;
      problems.push([PROJECT_FILE, e.message.replace(/ Restore it.*$/, '')]);
    }
    let project: ProjectFile;
    if (projectData === undefined) project = salvageProject({}, core.dir);
    else {
      needsMigration(projectData, projectPath, 'sourcemark-project');
      const parsedProject = ProjectFileSchema.safeParse(projectData);
      if (parsedProject.success) project = parsedProject.data;
      else {
        problems.push([PROJECT_FILE, `${projectPath} does not match the project format: ${issuesOf(parsedProject.error.issues)}.`]);
        project = salvageProject(projectData, core.dir);
      }
    }
    const sourcesPath = path.join(core.dir, SOURCES_FILE);
    let sources: Source[] = [];
    let sourcesData: unknown;
    try {
      sourcesData = core.fs.existsSync(sourcesPath) ? await this.readJson(sourcesPath) : emptySources();
    } catch (e) {
      if (!(e instanceof UserError) || e.code !== 'damaged') throw e;
      problems.push([SOURCES_FILE, e.message.replace(/ Restore it.*$/, '')]);
    }
    if (sourcesData !== undefined) {
      needsMigration(sourcesData, sourcesPath, 'sourcemark-sources');
      const parsedSources = SourcesFileSchema.safeParse(sourcesData);
      if (parsedSources.success) sources = parsedSources.data.sources;
      else {
        problems.push([SOURCES_FILE, `${sourcesPath} does not match the sources format: ${issuesOf(parsedSources.error.issues)}.`]);
        const list = (sourcesData as { sources?: unknown }).sources;
        sources = (Array.isArray(list) ? list : []).flatMap((x) => SourceSchema.safeParse(x).data ?? []);
      }
    }
    for (const [file, text] of problems) {
      core.setProblem(file, `${text} The project is open read-only so nothing is lost: correct the file, or restore its last backup with "npm run cli -- restore ${core.dir} ${file === PROJECT_FILE ? 'project' : 'sources'}", then open the project again.`);
    }
    this.homes.clear();
    this.written.clear();
    for (const s of sources) this.homes.set(s.id, '');
    if (sourcesData !== undefined && core.fs.existsSync(sourcesPath)) this.written.set('', sourcesText('', sources));
    try {
      for (const [layer, list] of readLayerSources(core.dir, core.fs)) {
        this.written.set(layer, sourcesText(layer, list));
        for (const x of list) {
          if (this.homes.has(x.id)) continue; // the same source twice: the first file's is the one
          this.homes.set(x.id, layer);
          sources.push(x);
        }
      }
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      if (e.code === 'newer-version') throw e;
      core.setProblem(LAYER_SOURCES_DIR, `${e.message} The project is open read-only so nothing is lost: correct the file (or remove it to drop the sources it holds), then open the project again.`);
    }
    return { project, sources: sources.sort(bySourceName) };
  }

  /** Opens the two databases over what {@link read} found. */
  open(project: ProjectFile, sources: Source[]): void {
    const { core } = this;
    core.project = durableDb(path.join(core.dir, PROJECT_FILE), project, core.fs);
    core.sourcesDb = durableDb(path.join(core.dir, SOURCES_FILE), emptySources(sources), core.fs);
  }

  private async readJson(file: string): Promise<unknown> {
    try {
      return await new DurableJsonFile<unknown>(file, this.core.fs).read();
    } catch (e) {
      if (e instanceof UnreadableFileError) throw new UserError('damaged', `${file} cannot be read: ${e.reason}. Restore it from a backup or version control.`);
      throw new UserError('damaged', `${file} cannot be read: ${describeFsError(e)}.`);
    }
  }

  /**
   * A state of `sourcemark.json`, checked with the very schema that reads it on opening, so no
   * write can leave a project that does not open. Throws `invalid-operation` naming the problem.
   */
  checkedProject(next: ProjectFile): ProjectFile {
    // A file of an older format is written in the current one (its migration), checked the same way.
    const parsed = ProjectFileSchema.safeParse({ ...next, version: FORMAT_VERSION });
    if (!parsed.success) throw new UserError('invalid-operation', `This change is refused: ${PROJECT_FILE} would not match the project format (${issuesOf(parsed.error.issues)}). Nothing was changed.`);
    return parsed.data;
  }

  /** A state of the source registry, checked like {@link checkedProject}. */
  checkedSources(sources: Source[]): Source[] {
    const parsed = SourcesFileSchema.safeParse(emptySources(sources));
    if (!parsed.success) throw new UserError('invalid-operation', `This change is refused: ${SOURCES_FILE} would not match the sources format (${issuesOf(parsed.error.issues)}). Nothing was changed.`);
    return parsed.data.sources;
  }

  /**
   * Writes the source files a state of the registry changes (called by the save queue): each
   * source in its home, the files that changed only; a layer's file left empty is removed.
   */
  private async writeSources(sources: Source[]): Promise<void> {
    const { core } = this;
    for (const [home, text] of planSources(sources, this.homes, this.written)) {
      const file = path.join(core.dir, homeFile(home));
      if (text === undefined) {
        await core.fs.unlink(file).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e; });
        this.written.delete(home);
        continue;
      }
      await core.fs.mkdir(path.dirname(file), { recursive: true });
      await writeFileDurably(file, text, core.fs);
      this.written.set(home, text);
    }
  }

  /** Queues the save of a state of `sourcemark.json`, validated first (see {@link checkedProject}). */
  saveProject(project: ProjectFile): Promise<void> {
    return this.core.saves.enqueue(PROJECT_FILE, PROJECT_FILE, async () => {
      await this.backups.ifDue(PROJECT_FILE);
      await this.core.project.adapter.write(project);
    });
  }

  /**
   * Queues the save of a state of the source registry. A source new to the registry goes to the
   * file of `by`'s layer (`sources.json` when no one is named), and stays there.
   */
  saveSources(sources: Source[], by?: string): Promise<void> {
    for (const x of sources) if (!this.homes.has(x.id)) this.homes.set(x.id, by ?? '');
    return this.core.saves.enqueue(SOURCES_FILE, SOURCES_FILE, async () => {
      await this.backups.ifDue(SOURCES_FILE);
      await this.writeSources(sources);
    });
  }

  /**
   * Restores the newest readable backup of `sourcemark.json` or `sources.json`, after setting the
   * current file aside. A project opened read-only because of this very file may restore it, if
   * it holds the lock; it is writable again afterwards. `reindex` reads every article again, as
   * they are checked against the schema and sources.
   */
  async restore(name: RegistryFile, reindex: () => Promise<void>): Promise<{ restoredFrom: string }> {
    const { core } = this;
    if (core.closed) throw new UserError('bad-request', 'The project is closed.');
    if (core.askedReadOnly || !core.locked) throw new UserError('bad-request', `The project is open read-only: ${core.problem ?? 'it was opened so'}`);
    await core.saves.settled();
    if (core.saves.has(name)) throw new UserError('write-failed', `${name} has a change that is not saved yet; save it (retry) before restoring a backup.`);
    const file = path.join(core.dir, name);
    for (const b of this.backups.list(name)) {
      let project: ProjectFile | undefined;
      let sources: Source[] | undefined;
      try {
        const data = JSON.parse(core.fs.readFileSync(b.file, 'utf8')) as unknown;
        // An older format is read as it is and written in the current one; a newer one is skipped.
        needsMigration(data, b.file, name === PROJECT_FILE ? 'sourcemark-project' : 'sourcemark-sources');
        if (name === PROJECT_FILE) {
          const parsed = ProjectFileSchema.safeParse(data).data;
          project = parsed && ProjectFileSchema.safeParse({ ...parsed, version: FORMAT_VERSION }).data;
        } else sources = SourcesFileSchema.safeParse(data).data?.sources;
      } catch {
        continue;
      }
      if (!project && !sources) continue;
      await this.backups.setAside(file, name);
      if (project) {
        await core.project.adapter.write(project);
        core.project.data = project;
      } else {
        // The backup is the whole registry: it goes to sources.json, and the layers' files are set aside.
        for (const home of [...this.written.keys()].filter((h) => h !== '')) {
          const layerFile = path.join(core.dir, homeFile(home));
          await this.backups.setAside(layerFile, `sources-${path.basename(layerFile, '.json')}`);
          await core.fs.unlink(layerFile).catch(() => undefined);
          this.written.delete(home);
        }
        this.homes.clear();
        for (const x of sources!) this.homes.set(x.id, '');
        await core.sourcesDb.adapter.write(emptySources(sources!));
        this.written.set('', sourcesText('', sources!));
        core.sourcesDb.data = emptySources(sources!);
      }
      this.backups.forget(name);
      core.problems.delete(name);
      await reindex();
      core.announce({ schema: name === PROJECT_FILE, project: name === PROJECT_FILE, sources: name === SOURCES_FILE, articles: [...core.index.keys()] });
      return { restoredFrom: b.file };
    }
    throw new UserError('not-found', `${name} has no readable backup to restore (backups are kept in .sourcemark/backups/${name}/ from the first change saved by this version).`);
  }
}
