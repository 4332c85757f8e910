/**
 * The names of the Api's methods and the desktop shell's channels, with no dependencies, so the
 * sandboxed preload can bundle them without zod, the model or the parsing libraries (the preload
 * needs only names). `app/api/contract.ts` checks at compile time that this list is exactly its methods.
 */

/** Every method name, in one list: the shells register exactly these. */
export const API_METHODS = [
  'getProject', 'listArticles', 'getArticle', 'apply', 'undo', 'redo', 'history', 'getSource', 'mergeSources',
  'updateProject', 'importText', 'importFiles', 'importUrl', 'exportProject', 'exportProgress', 'cancelExport', 'getCleaning',
  'setCleaning', 'listBackups', 'restoreBackup', 'retrySaves',
  // Assignment (issue 18, app/api/assignment.ts); the team server lets only a manager change them.
  'getAssignments', 'assign', 'unassign', 'assignDouble',
  // The corpus pages (issue 21, app/api/corpus.ts).
  'corpusSources', 'sourceQuotes', 'corpusClaims', 'searchCorpus', 'provenanceGroups', 'setProvenance', 'corpusCharts',
  // Suggestions (issue 20, app/api/suggest.ts).
  'suggest', 'rejectSuggestion', 'acceptSuggestions', 'suggestStatus',
  // Agreement and accepting what annotators agree on (issue 18, app/api/agreement.ts).
  'agreement', 'agreementDetail', 'acceptAgreed',
] as const;

/** The IPC channel each Api method is served on in the desktop shell. */
export const apiChannel = (method: string): string => `sourcemark:api:${method}`;

/** The channel main sends menu commands on (undo, redo, guidelines) to the renderer. */
export const MENU_CHANNEL = 'sourcemark:menu';
