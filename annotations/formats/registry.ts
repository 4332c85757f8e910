/**
 * Every format Sourcemark reads or writes, named once: its name (as `import --format` and
 * `export --format` spell it), its label for menus, what its importer reads (the help line, the
 * extensions that choose it, the extensions it takes from a folder) and its exporter. The lists
 * the rest of the app uses are derived from {@link FORMATS}: {@link EXPORT_FORMATS} (the command
 * line and the Api's payload schema), {@link IMPORT_FORMATS} (`import --format`, the Api's
 * `importFiles {format}`), {@link EXPORT_CHOICES} (the Export dialog), {@link importFormatFor}
 * (the reader a file's name chooses).
 *
 * The parsers and writers themselves live in each tool's module (brat.ts, doccano.ts, …); this
 * file only names them. It must not read files: app/import/ does, through these names.
 */
import { BRAT_ANNOTATIONS, BRAT_DOCUMENT, bratExporter } from './brat.js';
import { claimReviewExporter } from './claimreview.js';
import { conllExporter } from './conll.js';
import type { Exporter } from './core.js';
import { csvExporter } from './csv.js';
import { datasetExporter, type SplitOptions } from './dataset.js';
import { doccanoExporter } from './doccano.js';
import { jsonlExporter } from './jsonl.js';
import { labelStudioExporter } from './label-studio.js';
import { spacyExporter } from './spacy.js';
import { w3cExporter } from './w3c.js';

/** What a format's importer reads. Extensions are lower case, with their dot. */
export type ImportSpec = {
  /** What the reader does, for the usage text and the README. */
  help: string;
  /** Its place in {@link IMPORT_FORMATS} (tools' formats, then Sourcemark's own, then plain articles). */
  place: number;
  /** Extensions that choose this reader when no format is forced; no extension chooses two. */
  detects: readonly string[];
  /** Extensions a forced reader picks up when it walks a folder (files named one by one are read whatever their extension). */
  folder: readonly string[];
  /** A document in two files: the document's extension and the annotations' (brat's `.txt` + `.ann`). */
  pairs?: { document: string; annotations: string };
};

/** What a format's exporter is. */
export type ExportSpec = {
  /** The exporter; `dataset` takes its split options. */
  exporter: (split: SplitOptions) => Exporter;
  /** The line the Export dialog shows for it. */
  label: string;
  /** Its place in the Export dialog's list ({@link EXPORT_CHOICES}). */
  menu: number;
};

export type FormatSpec = { name: string; import?: ImportSpec; export?: ExportSpec };

/** The split `dataset` uses when none is given: seed 42, 80 / 10 / 10. */
export const DEFAULT_SPLIT: SplitOptions = { seed: 42, ratios: [0.8, 0.1, 0.1] };

const JSON_LINES = ['.jsonl', '.ndjson'] as const;

/** Every format, in the order of {@link EXPORT_FORMATS}, then the formats that only import. */
export const FORMATS = [
  {
    name: 'jsonl',
    import: { help: 'JSON Lines: Sourcemark dataset articles, doccano records or {"text", …} rows', place: 3, detects: JSON_LINES, folder: JSON_LINES },
    export: { exporter: () => jsonlExporter, label: 'Sourcemark JSONL: everything, one article per line', menu: 0 },
  },
  {
    name: 'brat',
    import: { help: 'a .txt with its .ann beside it', place: 0, detects: [], folder: [BRAT_DOCUMENT], pairs: { document: BRAT_DOCUMENT, annotations: BRAT_ANNOTATIONS } },
    export: { exporter: () => bratExporter, label: 'brat: .txt + .ann folder with its configs', menu: 2 },
  },
  {
    name: 'doccano',
    import: { help: 'JSON Lines, every line a doccano record (entities or label, relations)', place: 1, detects: [], folder: JSON_LINES },
    export: { exporter: () => doccanoExporter, label: 'doccano JSONL (relation project)', menu: 3 },
  },
  {
    name: 'label-studio',
    import: { help: 'a Label Studio JSON export (an array of tasks)', place: 2, detects: ['.json'], folder: ['.json'] },
    export: { exporter: () => labelStudioExporter, label: 'Label Studio tasks + labelling config', menu: 4 },
  },
  { name: 'conll', export: { exporter: () => conllExporter, label: 'CoNLL, IOB2 per label', menu: 5 } },
  { name: 'spacy', export: { exporter: () => spacyExporter, label: 'spaCy / Prodigy spans JSONL', menu: 6 } },
  {
    name: 'csv',
    import: { help: 'one article per row with a "text" column (comma, semicolon, tab or pipe separated)', place: 5, detects: ['.csv'], folder: ['.csv', '.tsv'] },
    export: { exporter: () => csvExporter, label: 'CSV, one row per quote (Excel)', menu: 7 },
  },
  { name: 'w3c', export: { exporter: () => w3cExporter, label: 'W3C Web Annotation (JSON-LD)', menu: 8 } },
  { name: 'claimreview', export: { exporter: () => claimReviewExporter, label: 'ClaimReview JSON-LD (claims with a verdict)', menu: 9 } },
  {
    name: 'dataset',
    import: { help: 'JSON Lines, every line a Sourcemark dataset article (a dataset export\'s train/validation/test.jsonl)', place: 4, detects: [], folder: JSON_LINES },
    export: { exporter: (split) => datasetExporter(split), label: 'Dataset folder: train/validation/test + README card', menu: 1 },
  },
  { name: 'text', import: { help: 'plain text, one article per file (a .ann beside it is not read)', place: 6, detects: [BRAT_DOCUMENT], folder: [BRAT_DOCUMENT] } },
  { name: 'html', import: { help: 'a web page, through Readability', place: 7, detects: ['.html', '.htm'], folder: ['.html', '.htm'] } },
] as const satisfies readonly FormatSpec[];

type Entry = (typeof FORMATS)[number];
export type ExportFormat = Extract<Entry, { export: unknown }>['name'];
export type ImportFormat = Extract<Entry, { import: unknown }>['name'];

const specs: readonly FormatSpec[] = FORMATS;
const exporting = specs.filter((f): f is FormatSpec & { export: ExportSpec } => f.export !== undefined);
const importing = specs.filter((f): f is FormatSpec & { import: ImportSpec } => f.import !== undefined).sort((a, b) => a.import.place - b.import.place);

/** The formats Sourcemark writes, by name (`export --format`, the Api's `exportProject`). */
export const EXPORT_FORMATS = exporting.map((f) => f.name) as [ExportFormat, ...ExportFormat[]];

/** The readers `import --format NAME` (and the Api's `importFiles {format}`) can force. */
export const IMPORT_FORMATS = importing.map((f) => f.name) as [ImportFormat, ...ImportFormat[]];

export const isExportFormat = (s: string): s is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(s);
export const isImportFormat = (s: string): s is ImportFormat => (IMPORT_FORMATS as readonly string[]).includes(s);

const spec = (name: string): FormatSpec => specs.find((f) => f.name === name)!;

/** The exporter for a format; `dataset` takes its split options. */
export function exporterFor(format: ExportFormat, split: SplitOptions = DEFAULT_SPLIT): Exporter {
  return spec(format).export!.exporter(split);
}

/** The import side of a format. */
export const importSpec = (format: ImportFormat): ImportSpec => spec(format).import!;

/** What each forced reader does, for the usage text and the README. */
export const IMPORT_FORMAT_HELP = Object.fromEntries(importing.map((f) => [f.name, f.import.help])) as Record<ImportFormat, string>;

/** One line of the Export dialog: the format's name, its label, and the exporter's description. */
export type ExportChoice = { name: ExportFormat; label: string; description: string };

/** The export formats as the Export dialog lists them, in its order. */
export const EXPORT_CHOICES: readonly ExportChoice[] = [...exporting]
  .sort((a, b) => a.export.menu - b.export.menu)
  .map((f) => ({ name: f.name as ExportFormat, label: f.export.label, description: f.export.exporter(DEFAULT_SPLIT).description }));

/** The extension of a file name (lower case, with its dot), or '' when it has none. */
const extensionOf = (name: string): string => /\.[^./\\]*$/.exec(name.toLowerCase())?.[0] ?? '';

/**
 * Every extension some reader chooses by itself (a paired document's included): the files an
 * import takes without `--format`.
 */
export const DETECTED_EXTENSIONS: readonly string[] = importing.flatMap((f) => [...f.import.detects, ...(f.import.pairs ? [f.import.pairs.document] : [])])
  .filter((e, i, all) => all.indexOf(e) === i);

/** True when an import without `--format` takes this file (by its extension; `.ann` files are paired, not read alone). */
export const isDetectedFile = (name: string): boolean => DETECTED_EXTENSIONS.includes(extensionOf(name));

/** True when a forced reader walking a folder takes this file. */
export const isFolderFileOf = (format: ImportFormat, name: string): boolean => importSpec(format).folder.includes(extensionOf(name));

/**
 * The reader a file's name chooses when no format is forced: a document with its annotations
 * beside it (`paired`: a brat `.txt` with its `.ann`) is read by the format that pairs them, any
 * other by the format whose `detects` has its extension. A query or fragment (`?…`, `#…`) is not
 * part of the extension. Undefined when no format claims the extension.
 */
export function importFormatFor(name: string, paired: boolean): ImportFormat | undefined {
  const ext = extensionOf(name.replace(/[?#].*$/, ''));
  const pairing = paired ? importing.find((f) => f.import.pairs?.document === ext) : undefined;
  return (pairing ?? importing.find((f) => f.import.detects.includes(ext)))?.name as ImportFormat | undefined;
}
