/**
 * Import commands: files (dropped or chosen) imported one group at a time, a brat .txt with its
 * .ann, with progress and a cancel that takes effect between files (no file is half imported);
 * a web page by its address (the server fetches it); and the pure helpers they use: pairing,
 * base64, the report's first sentence.
 */
import { pairStandoffFiles } from '../../annotations/index.js';
import type { WorkbenchState } from '../state/store.js';
import { message } from '../state/write-path.js';
import { articleHash } from './articles.js';
import { command } from './command.js';

/** A file to import: what the page's `File` offers that the import reads. */
export type ImportFile = { readonly name: string; arrayBuffer(): Promise<ArrayBuffer> };

/**
 * Groups files for import by the one pairing rule of every importer ({@link pairStandoffFiles}):
 * a brat .txt goes with the .ann of the same name; any other file alone.
 */
export function pairImportFiles<F extends { name: string }>(files: readonly F[]): F[][] {
  const byName = new Map(files.map((f) => [f.name, f]));
  return pairStandoffFiles(files.map((f) => f.name)).flatMap((p, i): F[][] => {
    const file = files[i]!;
    if (p.role === 'ann') return p.paired ? [] : [[file]];
    const ann = p.ann === undefined ? undefined : byName.get(p.ann);
    return [ann ? [file, ann] : [file]];
  });
}

/** Bytes as base64, in chunks (String.fromCharCode takes a limited number of arguments). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The first sentence of an import's report. */
export function importSummary(report: { imported: number; duplicates: number; failed: number }, cancelled: boolean): string {
  return `Imported ${report.imported} article${report.imported === 1 ? '' : 's'}, skipped ${report.duplicates} duplicate${report.duplicates === 1 ? '' : 's'}, ${report.failed} failed${cancelled ? '; cancelled before the end' : ''}.`;
}

/**
 * Imports `files` through the Api's queue, one group after another, with progress in the state;
 * then reads the project (new sources) and the list again, and opens the first new article when
 * none is open. Does nothing while another import runs.
 */
export const importFiles = command<[files: readonly ImportFile[]], Promise<void>>({
  name: 'importFiles',
  perform: async (wb, files) => {
    const { store } = wb;
    if (!files.length || store.get().importing) return;
    const groups = pairImportFiles(files);
    const report = { imported: 0, duplicates: 0, failed: 0, lines: [] as string[] };
    let firstId: string | undefined;
    store.set({ importing: { done: 0, total: groups.length, current: groups[0]![0]!.name, cancelled: false }, importReport: null });
    const importing = (): NonNullable<WorkbenchState['importing']> => store.get().importing!;
    for (let i = 0; i < groups.length; i++) {
      if (importing().cancelled) break;
      const group = groups[i]!;
      store.set({ importing: { ...importing(), done: i, current: group[0]!.name } });
      try {
        const payload = await Promise.all(group.map(async (f) => ({ name: f.name, data: toBase64(new Uint8Array(await f.arrayBuffer())) })));
        const r = await wb.writer.enqueue(() => wb.api.importFiles({ files: payload }));
        report.imported += r.imported.length;
        report.duplicates += r.duplicates.length;
        report.failed += r.failed.length;
        report.lines.push(...r.lines.slice(1));
        firstId ??= r.imported[0]?.id;
      } catch (e) {
        report.failed += group.length;
        report.lines.push(`  failed: ${group[0]!.name}: ${message(e)}`);
      }
    }
    const head = importSummary(report, importing().cancelled);
    store.set({ importing: null, importReport: [head, ...report.lines] });
    const project = await wb.api.getProject({}).catch(() => null);
    if (project) store.set({ project: { ...project, sources: project.sources } });
    await wb.refreshList();
    if (firstId && !store.get().doc) wb.env.navigate(articleHash(firstId));
  },
});

/**
 * Imports the web page at `url` (http or https; the server fetches and cleans it, as
 * `import URL` on the command line), queued like any import, with its report; opens the new
 * article. Does nothing while another import runs.
 */
export const importUrl = command<[url: string], Promise<void>>({
  name: 'importUrl',
  perform: async (wb, url) => {
    const { store } = wb;
    const address = url.trim();
    if (!address || store.get().importing) return;
    store.set({ importing: { done: 0, total: 1, current: address, cancelled: false }, importReport: null });
    let report: string[];
    let firstId: string | undefined;
    try {
      const r = await wb.writer.enqueue(() => wb.api.importUrl({ url: address }));
      report = [importSummary({ imported: r.imported.length, duplicates: r.duplicates.length, failed: r.failed.length }, false), ...r.lines.slice(1)];
      firstId = r.imported[0]?.id;
    } catch (e) {
      report = [importSummary({ imported: 0, duplicates: 0, failed: 1 }, false), `  failed: ${address}: ${message(e)}`];
    }
    store.set({ importing: null, importReport: report });
    await wb.refreshList();
    if (firstId) wb.env.navigate(articleHash(firstId));
  },
});

/** Stops an import between two files. */
export const cancelImport = command({
  name: 'cancelImport',
  perform: (wb) => {
    const importing = wb.store.get().importing;
    if (importing) wb.store.set({ importing: { ...importing, cancelled: true } });
  },
});

export const dismissImportReport = command({
  name: 'dismissImportReport',
  perform: (wb) => wb.store.set({ importReport: null }),
});
