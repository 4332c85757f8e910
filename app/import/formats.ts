/**
 * The readers `import --format NAME` (and the Api's `importFiles {format}`) can force, named as
 * `export --format` names the same formats, plus `text` and `html` for plain articles. Without a
 * format, the reader follows the file's extension (see app/import.ts). A constant of its own so
 * the Api's payload schema can name the formats without loading the importer.
 */

export const IMPORT_FORMATS = ['brat', 'doccano', 'label-studio', 'jsonl', 'dataset', 'csv', 'text', 'html'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What each forced reader does, for the usage text and the README. */
export const IMPORT_FORMAT_HELP: Record<ImportFormat, string> = {
  brat: 'a .txt with its .ann beside it',
  doccano: 'JSON Lines, every line a doccano record (entities or label, relations)',
  'label-studio': 'a Label Studio JSON export (an array of tasks)',
  jsonl: 'JSON Lines: Sourcemark dataset articles, doccano records or {"text", …} rows',
  dataset: 'JSON Lines, every line a Sourcemark dataset article (a dataset export\'s train/validation/test.jsonl)',
  csv: 'one article per row with a "text" column (comma, semicolon, tab or pipe separated)',
  text: 'plain text, one article per file (a .ann beside it is not read)',
  html: 'a web page, through Readability',
};

/** File extensions each forced reader picks up when it walks a folder (files named one by one are read whatever their extension). */
export const FOLDER_EXTENSIONS: Record<ImportFormat, RegExp> = {
  brat: /\.txt$/i,
  doccano: /\.(jsonl|ndjson)$/i,
  'label-studio': /\.json$/i,
  jsonl: /\.(jsonl|ndjson)$/i,
  dataset: /\.(jsonl|ndjson)$/i,
  csv: /\.(csv|tsv)$/i,
  text: /\.txt$/i,
  html: /\.html?$/i,
};

export const isImportFormat = (s: string): s is ImportFormat => (IMPORT_FORMATS as readonly string[]).includes(s);
