/** Export commands: a dataset written by the Api into the project's exports/ folder (after pending saves), its progress, its cancel. */
import type { ApiParams, ApiResults } from '../../app/api/contract.js';
import type { ExportFilterChoice } from '../state/store.js';
import { command } from './command.js';

export type ExportFormat = ApiParams<'exportProject'>['format'];

/** Exports in `format`, filtered; `job` names the export, for {@link exportProgress} and {@link cancelExport}. */
export const exportProject = command<[format: ExportFormat, filter: ExportFilterChoice, unit?: 'codepoint' | 'utf16', job?: string, includeSuggestions?: boolean], Promise<ApiResults['exportProject']>>({
  name: 'exportProject',
  perform: (wb, format, filter, unit, job, includeSuggestions) => {
    const f = {
      ...(filter.status.length ? { status: filter.status } : {}), ...(filter.articles.length ? { articles: filter.articles } : {}),
      ...(filter.labels.length ? { labels: filter.labels } : {}), ...(filter.annotators.length ? { annotators: filter.annotators } : {}),
      ...(filter.layer && filter.layer !== 'all' ? { layer: filter.layer } : {}),
    };
    return wb.writer.enqueue(() => wb.api.exportProject({ format, ...(Object.keys(f).length ? { filter: f } : {}), ...(unit ? { unit } : {}), ...(job ? { job } : {}), ...(includeSuggestions ? { includeSuggestions } : {}) }));
  },
});

/** How far a running export is (not queued behind it: it is asked while the export runs). */
export const exportProgress = command<[job: string], Promise<ApiResults['exportProgress']>>({
  name: 'exportProgress',
  perform: (wb, job) => wb.api.exportProgress({ job }),
});

/** Stops a running export between two articles; nothing is left at its output path. */
export const cancelExport = command<[job: string], Promise<unknown>>({
  name: 'cancelExport',
  perform: (wb, job) => wb.api.cancelExport({ job }),
});
