/** Every export format by name, for the command line and the Api. */
import { datasetExporter, type SplitOptions } from './dataset-card.js';
import type { Exporter } from './export-core.js';
import { bratExporter, csvExporter, doccanoExporter, jsonlExporter, labelStudioExporter } from './exporters.js';
import { conllExporter, spacyExporter } from './exporters-nlp.js';
import { claimReviewExporter, w3cExporter } from './exporters-web.js';

export const EXPORT_FORMATS = ['jsonl', 'brat', 'doccano', 'label-studio', 'conll', 'spacy', 'csv', 'w3c', 'claimreview', 'dataset'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The exporter for a format; `dataset` takes its split options. */
export function exporterFor(format: ExportFormat, split: SplitOptions = { seed: 42, ratios: [0.8, 0.1, 0.1] }): Exporter {
  switch (format) {
    case 'jsonl': return jsonlExporter;
    case 'brat': return bratExporter;
    case 'doccano': return doccanoExporter;
    case 'label-studio': return labelStudioExporter;
    case 'conll': return conllExporter;
    case 'spacy': return spacyExporter;
    case 'csv': return csvExporter;
    case 'w3c': return w3cExporter;
    case 'claimreview': return claimReviewExporter;
    case 'dataset': return datasetExporter(split);
  }
}
