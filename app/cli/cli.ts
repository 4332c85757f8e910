/**
 * The command line: `npm run cli -- <command> …`. Every command is a function of its arguments
 * and an output sink, so tests run it in-process; `main` at the bottom wires it to the process.
 * Errors print one clear line naming the file and the problem, and exit with status 1
 * (2 for a usage error).
 */

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_FILE, ProjectStore, SOURCES_FILE } from '../store/project-store.js';
import { UserError } from '../errors.js';
import type { ImportFormat } from '../import/formats.js';
import { UsageError, args, defaultIo, openingProgress, progressBar, type Io } from './io.js';
import { USER_USAGE } from './user.js';
import { ASSIGN_USAGE } from './assign.js';
import { AGREEMENT_USAGE } from './agreement-usage.js';

export type { Io } from './io.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  init <folder> [--name NAME]        create an empty project with the default schema
  stats <folder> [--json]            articles, spans per label, links, sources, damaged files
  backups <folder> <article-id>      list an article's backups, newest first ("project" or "sources":
                                     those of sourcemark.json or sources.json)
  restore <folder> <article-id>      restore an article's newest readable backup ("project" or
                                     "sources": sourcemark.json or sources.json)
  import <folder> <files, folders or URLs…> [--map Source=Speaker,Content=Quote] [--no-clean] [--format F] [--annotator NAME]
                                     add articles (.txt, .html, URLs, .jsonl, .csv) and annotations
                                     (brat .txt+.ann, doccano .jsonl, Label Studio .json, Sourcemark .jsonl);
                                     --format forces a reader: brat, doccano, label-studio, jsonl, dataset,
                                     csv, text, html; --annotator NAME puts every annotation in NAME's
                                     layer, and adds those of a text the project has to that article
  export <folder> --format F --out PATH [--status S,…] [--article ID,…] [--label L,…] [--annotator A,…]
         [--offsets codepoint|utf16] [--seed N] [--split 0.8,0.1,0.1] [--include-suggestions] [--layer curated|NAME|all]
                                     write a dataset: jsonl, brat, doccano, label-studio, conll, spacy,
                                     csv, w3c, claimreview, dataset
  sources <folder> [--json]          every source: id, name, kind, mentions, quotes, claims, articles
  search <folder> <query> [--json]   where the query matches: article, offsets (UTF-16), text;
                                     "a phrase", prefix*, several words (all must match)
  suggest <folder> [--article ID…] [--out FILE]
                                     suggest Speaker, Cue and Quote spans and their links (learning from the
                                     project's annotations); --out writes them as Sourcemark JSONL instead
  evaluate <folder> --gold <brat folder | .jsonl> [--json] [--learning-curve]
                                     precision, recall and F1 of the suggestions against gold annotations
  serve [folder] [--port N] [--host ADDRESS]
                                     open a project in the browser (default: the sample project)
  serve <folder> --team [--port N] [--host ADDRESS] [--origin URL] [--trust-proxy]
                                     a desk for several people who sign in (accounts: user add)
${USER_USAGE}
${ASSIGN_USAGE}
${AGREEMENT_USAGE}
`;

/** `Source=Speaker,Content=Quote` as a map. */
function parseMap(spec: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of (spec ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [from, to] = pair.split('=').map((x) => x?.trim());
    if (!from || !to) throw new UsageError(`--map takes From=To pairs separated by commas, not "${pair}"`);
    map[from] = to;
  }
  return map;
}

/** `import --format NAME`: one of the readers, named as `export --format` names the formats. */
async function importFormat(name: string | undefined): Promise<ImportFormat | undefined> {
  if (name === undefined) return undefined;
  const { IMPORT_FORMATS, isImportFormat } = await import('../import/formats.js');
  if (isImportFormat(name)) return name;
  const { EXPORT_FORMATS } = await import('../../annotations/index.js');
  const exportOnly = (EXPORT_FORMATS as readonly string[]).includes(name) ? `Sourcemark writes ${name} but does not read it; ` : '';
  throw new UsageError(`--format ${JSON.stringify(name)}: ${exportOnly}import --format must be one of ${IMPORT_FORMATS.join(', ')}`);
}

/** Runs one command; resolves to the exit status. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'init': {
        const { positionals, values } = args(rest, { name: { type: 'string' } });
        if (positionals.length !== 1) throw new UsageError('init takes one folder');
        const store = await ProjectStore.create(positionals[0]!, { ...(values.name ? { name: values.name as string } : {}) });
        io.out(`Created project "${store.info.name}" in ${store.dir}`);
        await store.close();
        return 0;
      }
      case 'stats': {
        const { positionals, values } = args(rest, { json: { type: 'boolean' } });
        if (positionals.length !== 1) throw new UsageError('stats takes one folder');
        const store = await ProjectStore.open(positionals[0]!, { onProgress: openingProgress(io), readOnly: true });
        // A project file that does not validate still opens, read-only: say what is wrong (STORE, issue 14).
        if (store.problem) io.err(store.problem);
        const s = store.stats();
        if (values.json) {
          io.out(JSON.stringify({ name: store.info.name, ...s }, null, 2));
        } else {
          io.out(`Project: ${store.info.name} (${store.dir})`);
          io.out(`Articles: ${s.articles} (done ${s.progress.done}, in progress ${s.progress.inProgress}, to do ${s.progress.todo})`);
          const labels = store.schema.labels.map((l) => l.name);
          const extra = Object.keys(s.spans).filter((l) => !labels.includes(l));
          io.out(`Spans: ${[...labels, ...extra].map((l) => `${l} ${s.spans[l] ?? 0}`).join(', ')}`);
          io.out(`Links: ${s.links}`);
          io.out(`Sources: ${s.sources}`);
          io.out(`Damaged files: ${s.damaged.length}`);
          for (const d of s.damaged) io.out(`  ${d.id}: ${d.reason}`);
        }
        await store.close();
        return 0;
      }
      case 'backups':
      case 'restore': {
        const { positionals } = args(rest);
        if (positionals.length !== 2) throw new UsageError(`${command} takes a project folder and an article id`);
        const store = await ProjectStore.open(positionals[0]!, { onProgress: openingProgress(io), readOnly: command === 'backups' });
        try {
          // "project" and "sources" name the two registry files (STORE, issue 14), unless an article has that id.
          const named = positionals[1]!;
          const target = store.hasArticle(named) ? named : named === 'project' ? PROJECT_FILE : named === 'sources' ? SOURCES_FILE : named;
          const what = target === named ? `Article ${named}` : target;
          if (command === 'backups') {
            const list = store.listBackups(target);
            if (!list.length) io.out(`${what} has no backups.`);
            for (const b of list) io.out(`${b.time}  ${path.relative(store.dir, b.file)}`);
          } else {
            const { restoredFrom } = await store.restoreBackup(target);
            io.out(`Restored ${target === named ? named : target} from ${path.relative(store.dir, restoredFrom)}; the previous file was moved to .sourcemark/damaged/.`);
          }
        } finally {
          await store.close();
        }
        return 0;
      }
      case 'import': {
        const { positionals, values } = args(rest, { map: { type: 'string' }, 'no-clean': { type: 'boolean' }, format: { type: 'string' }, annotator: { type: 'string' } });
        if (positionals.length < 2) throw new UsageError('import takes a project folder and at least one file, folder or URL');
        const layer = values.annotator as string | undefined;
        const { annotatorNameProblem } = await import('../../annotations/index.js');
        if (layer !== undefined && annotatorNameProblem(layer)) throw new UsageError(`--annotator: ${annotatorNameProblem(layer)!}`);
        const labelMap = parseMap(values.map as string | undefined);
        const format = await importFormat(values.format as string | undefined);
        const { importPaths, describeSummary } = await import('../import/import.js');
        const store = await ProjectStore.open(positionals[0]!, { onProgress: openingProgress(io), onMessage: (m) => io.err(m) });
        const controller = new AbortController();
        const onSigint = () => {
          if (controller.signal.aborted) return;
          io.err('\nStopping after the current file (press Ctrl+C again to wait less patiently)…');
          controller.abort();
        };
        process.once('SIGINT', onSigint);
        const bar = progressBar(io);
        try {
          const summary = await importPaths(store, positionals.slice(1), { labelMap, clean: !values['no-clean'], ...(format ? { format } : {}), ...(layer !== undefined ? { layer } : {}), signal: controller.signal, annotator: 'import', onProgress: bar });
          bar.done();
          for (const line of describeSummary(summary)) io.out(line);
          return summary.failed.length && !summary.imported.length && !summary.added?.length ? 1 : 0;
        } finally {
          process.off('SIGINT', onSigint);
          await store.close();
        }
      }
      case 'export': {
        const { positionals, values } = args(rest, {
          format: { type: 'string' }, out: { type: 'string' }, status: { type: 'string' }, article: { type: 'string', multiple: true },
          label: { type: 'string' }, annotator: { type: 'string' }, offsets: { type: 'string' }, seed: { type: 'string' }, split: { type: 'string' },
          'include-suggestions': { type: 'boolean' }, layer: { type: 'string' },
        });
        if (positionals.length !== 1) throw new UsageError('export takes one project folder');
        const layer = values.layer as string | undefined;
        if (layer !== undefined && !layer.trim()) throw new UsageError('--layer takes curated, an annotator\'s name, or all');
        const { EXPORT_FORMATS } = await import('../../annotations/index.js');
        const format = values.format as string | undefined;
        if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
        if (!values.out) throw new UsageError('--out names the file or folder to write');
        const list = (v: unknown) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : Array.isArray(v) ? v.flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean) : undefined);
        const status = list(values.status);
        for (const st of status ?? []) if (!['todo', 'in-progress', 'done'].includes(st)) throw new UsageError(`--status takes todo, in-progress and done, not "${st}"`);
        const offsets = values.offsets as string | undefined;
        if (offsets !== undefined && offsets !== 'codepoint' && offsets !== 'utf16') throw new UsageError('--offsets is codepoint or utf16');
        const ratios = values.split ? (values.split as string).split(',').map(Number) : [0.8, 0.1, 0.1];
        if (ratios.length !== 3 || ratios.some((r) => !(r >= 0)) || ratios.reduce((a, b) => a + b, 0) <= 0) throw new UsageError('--split takes three non-negative numbers, e.g. 0.8,0.1,0.1');
        const seed = values.seed === undefined ? 42 : Number(values.seed);
        if (!Number.isInteger(seed)) throw new UsageError('--seed takes a whole number');
        const { exportProject } = await import('../export/export.js');
        const store = await ProjectStore.open(positionals[0]!, { onProgress: openingProgress(io), readOnly: true });
        const controller = new AbortController();
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        const bar = progressBar(io);
        try {
          const r = await exportProject(store, {
            format: format as never, out: values.out as string, signal: controller.signal, onProgress: (p) => bar({ ...p, current: '' }),
            filter: {
              ...(status ? { status: status as never } : {}), ...(list(values.article) ? { articles: list(values.article)! } : {}),
              ...(list(values.label) ? { labels: list(values.label)! } : {}), ...(list(values.annotator) ? { annotators: list(values.annotator)! } : {}),
              ...(layer !== undefined ? { layer } : {}),
            },
            ...(offsets ? { unit: offsets as 'codepoint' | 'utf16' } : {}), ...(values['include-suggestions'] ? { includeSuggestions: true } : {}),
            split: { seed, ratios: ratios as [number, number, number] },
          });
          bar.done();
          if (r.cancelled) {
            io.err('Export cancelled; nothing was written.');
            return 1;
          }
          io.out(`Exported ${r.articles} article${r.articles === 1 ? '' : 's'} (${r.spans} spans, ${r.links} links) as ${format}, offsets in ${r.unit === 'codepoint' ? 'code points' : 'UTF-16 code units'}:`);
          for (const f of r.files) io.out(`  ${f}`);
          for (const w of r.warnings) io.err(`note: ${w}`);
          return 0;
        } finally {
          process.off('SIGINT', onSigint);
          await store.close();
        }
      }
      case 'sources':
      case 'search': {
        const { positionals, values } = args(rest, { json: { type: 'boolean' } });
        const { sourcesCommand, searchCommand } = await import('./corpus.js');
        if (command === 'sources') {
          if (positionals.length !== 1) throw new UsageError('sources takes one project folder');
          return await sourcesCommand(positionals[0]!, !!values.json, io);
        }
        if (positionals.length !== 2) throw new UsageError('search takes a project folder and a query (quote a query of several words)');
        return await searchCommand(positionals[0]!, positionals[1]!, !!values.json, io);
      }
      case 'suggest':
      case 'evaluate': {
        const { suggestCommand, evaluateCommand } = await import('./suggest.js');
        return command === 'suggest' ? await suggestCommand(rest, io) : await evaluateCommand(rest, io);
      }
      case 'serve': {
        const { positionals, values } = args(rest, { port: { type: 'string' }, host: { type: 'string' }, 'no-open': { type: 'boolean' }, team: { type: 'boolean' }, origin: { type: 'string' }, 'trust-proxy': { type: 'boolean' } });
        const { serveCommand } = await import('./serve.js');
        return await serveCommand(positionals[0], {
          ...(values.port === undefined ? {} : { port: values.port as string }), ...(values.host === undefined ? {} : { host: values.host as string }),
          ...(values.team ? { team: true } : {}), ...(values.origin === undefined ? {} : { origin: values.origin as string }), ...(values['trust-proxy'] ? { trustProxy: true } : {}),
        }, io);
      }
      case 'user': {
        const { userCommand } = await import('./user.js');
        return await userCommand(rest, io);
      }
      case 'assign': {
        const { assignCommand } = await import('./assign.js');
        return await assignCommand(rest, io);
      }
      case 'agreement':
      case 'curate': {
        const { agreementCommand, curateCommand } = await import('./agreement.js');
        return command === 'agreement' ? await agreementCommand(rest, io) : await curateCommand(rest, io);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`sourcemark: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof UserError) {
      io.err(`sourcemark: ${e.message}`);
      return 1;
    }
    io.err(`sourcemark: unexpected error: ${e instanceof Error ? e.message : String(e)}. Please report it with the command you ran.`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await runCli(process.argv.slice(2), defaultIo);
  if (code !== 0 || !process.argv.includes('serve')) process.exitCode = code;
}
